namespace GroupReduce.Core.Spec;

/// <summary>
/// What happens to matrix rows past the tokenizer's size (<c>frequencies.padding</c>): checkpoints often pad the
/// embedding to a multiple of 64 or 128 (GPT-2: 50,257 tokens in 50,304 rows); no text ever selects those rows.
/// </summary>
public enum PaddingPolicy
{
    /// <summary>They get the smoothing count, and the report says how many there were (the default).</summary>
    Smooth,

    /// <summary>They are an error (GR2124): for a checkpoint whose rows must all be tokens.</summary>
    Error,
}
