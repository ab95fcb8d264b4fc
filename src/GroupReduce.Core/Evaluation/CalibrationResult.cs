namespace GroupReduce.Core.Evaluation;

/// <summary>How the compressed softmax changes a model's next-token distribution on exported hidden states.</summary>
/// <param name="Samples">Hidden states scored.</param>
/// <param name="Softmax">The softmax matrix used.</param>
/// <param name="Bias">The softmax bias used, or null when there is none.</param>
/// <param name="OriginalPerplexity">Perplexity of the next tokens with the original softmax.</param>
/// <param name="CompressedPerplexity">Perplexity with the compressed softmax.</param>
/// <param name="MeanKlDivergence">Mean <c>KL(p_original ‖ p_compressed)</c>, in nats.</param>
/// <param name="Top1Agreement">Fraction of states whose most likely token is the same.</param>
/// <param name="Top5Agreement">Mean overlap of the two top-5 sets, divided by 5.</param>
public sealed record CalibrationResult(
    long Samples,
    string Softmax,
    string? Bias,
    double OriginalPerplexity,
    double CompressedPerplexity,
    double MeanKlDivergence,
    double Top1Agreement,
    double Top5Agreement)
{
    /// <summary>The relative perplexity increase, <c>compressed / original − 1</c>.</summary>
    public double PerplexityIncrease => CompressedPerplexity / OriginalPerplexity - 1;
}
