namespace GroupReduce.Core.Spec;

/// <summary>
/// <c>budget: { target: … }</c>: instead of a size, the quality to keep. <c>compress</c> searches for the
/// smallest artifact whose measured quality meets it.
/// </summary>
public sealed class QualityTargetSpec
{
    /// <summary>What is bounded.</summary>
    public required SpecValue<QualityMeasure> Measure { get; init; }

    /// <summary>The bound, as a fraction (<c>2%</c> is 0.02).</summary>
    public required SpecValue<double> Limit { get; init; }

    /// <summary>A token file for perplexity of an <c>nplm</c> model.</summary>
    public SpecValue<string>? Tokens { get; init; }

    /// <summary>Score only the first this many sentences of the token file.</summary>
    public SpecValue<int>? MaxSentences { get; init; }

    /// <summary>Hidden states for softmax calibration (<c>.npy</c>, N x h).</summary>
    public SpecValue<string>? Hidden { get; init; }

    /// <summary>Next-token ids for the hidden states (<c>.npy</c>, N).</summary>
    public SpecValue<string>? Next { get; init; }

    /// <summary>The softmax tensor for calibration (default: chosen by width).</summary>
    public SpecValue<string>? Softmax { get; init; }

    /// <summary>The highest rate the search tries.</summary>
    public required SpecValue<double> MaxRate { get; init; }

    /// <summary>The most compressions the search runs.</summary>
    public required SpecValue<int> Trials { get; init; }
}
