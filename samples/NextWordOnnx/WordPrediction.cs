namespace NextWordOnnx;

/// <summary>One suggested next word.</summary>
/// <param name="Word">The word, as the model's vocabulary spells it.</param>
/// <param name="Probability">The model's probability that it comes next (over the whole vocabulary, not renormalised).</param>
public sealed record WordPrediction(string Word, float Probability);
