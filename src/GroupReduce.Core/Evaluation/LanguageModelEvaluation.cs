namespace GroupReduce.Core.Evaluation;

/// <summary>Perplexity of the repository's model family on a token file, original vs compressed.</summary>
/// <param name="Tokens">The token file.</param>
/// <param name="Sentences">Sentences scored.</param>
/// <param name="Predictions">Predictions scored (tokens plus one end-of-sentence per sentence).</param>
/// <param name="UnknownTokens">Tokens read as the unknown token.</param>
/// <param name="OriginalPerplexity">With the original matrices.</param>
/// <param name="CompressedPerplexity">With the artifact's compressed embedding and softmax.</param>
public sealed record LanguageModelEvaluation(string Tokens, long Sentences, long Predictions, long UnknownTokens, double OriginalPerplexity, double CompressedPerplexity)
{
    /// <summary>The relative perplexity increase, <c>compressed / original − 1</c>.</summary>
    public double PerplexityIncrease => CompressedPerplexity / OriginalPerplexity - 1;
}
