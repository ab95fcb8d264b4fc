namespace GroupReduce.Runtime;

/// <summary>One candidate next token from <see cref="LanguageModelHead.TopK(ReadOnlySpan{float}, int)"/>.</summary>
/// <param name="Id">The token id (the vocabulary row).</param>
/// <param name="Logit">Its logit: the softmax row times the hidden state, plus the bias.</param>
/// <param name="LogProbability">Its natural-log probability under the softmax over the whole vocabulary.</param>
public readonly record struct TokenPrediction(int Id, float Logit, float LogProbability)
{
    /// <summary>The probability, <c>exp(</c><see cref="LogProbability"/><c>)</c>.</summary>
    public float Probability => MathF.Exp(LogProbability);
}
