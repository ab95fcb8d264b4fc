namespace GroupReduce.Core.Spec;

/// <summary><c>quantizer: auto</c>: the encodings each group's is chosen from, with its rank, and how their error is weighed.</summary>
public sealed class AutoQuantizerSpec
{
    /// <summary>The encodings, in the order written (the first prices a plan where one cost is needed).</summary>
    public required IReadOnlyList<EncodingReference> Encodings { get; init; }

    /// <summary>
    /// What the measured encoding error counts for against the truncation error of the same size (1: as measured; default
    /// 4, as perplexity on the repository's models is more sensitive to encoding noise than to truncation).
    /// </summary>
    public required SpecValue<double> NoiseWeight { get; init; }
}
