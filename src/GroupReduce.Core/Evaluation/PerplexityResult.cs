namespace GroupReduce.Core.Evaluation;

/// <summary>A language model's perplexity on a token corpus.</summary>
/// <param name="Predictions">Predictions scored (tokens plus one end-of-sentence per sentence).</param>
/// <param name="NegativeLogLikelihood">The summed negative natural-log likelihood.</param>
public sealed record PerplexityResult(long Predictions, double NegativeLogLikelihood)
{
    /// <summary><c>exp(NLL / predictions)</c>.</summary>
    public double Perplexity => Math.Exp(NegativeLogLikelihood / Predictions);

    /// <summary>Mean cross-entropy in bits per prediction.</summary>
    public double BitsPerToken => NegativeLogLikelihood / Predictions / Math.Log(2);
}
