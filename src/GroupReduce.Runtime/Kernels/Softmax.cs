using System.Numerics.Tensors;

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// The softmax normaliser, computed without allocating and without overflow: the one log-sum-exp of the repository.
/// The runtime's <see cref="LanguageModelHead"/> and the engine's evaluation (perplexity, softmax calibration) both
/// use it, so a model's log-probabilities are the same numbers whichever of them reports them.
/// </summary>
internal static class Softmax
{
    // Exponentials are taken a stack chunk at a time so the caller's logits stay as they are.
    private const int Chunk = 512;

    /// <summary>
    /// <c>log Σ exp(z_i)</c>, shifted by the maximum so that no exponential overflows. Each chunk is summed in float by
    /// the vectorised <see cref="TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/> and the chunks in double: a sequential
    /// double sum is latency-bound and took three times as long, for digits a float logit does not carry.
    /// </summary>
    /// <param name="logits">The logits (not empty).</param>
    /// <returns>The log of the normaliser.</returns>
    public static float LogSumExp(ReadOnlySpan<float> logits)
    {
        float max = TensorPrimitives.Max(logits);
        if (float.IsInfinity(max) || float.IsNaN(max))
        {
            return max;
        }

        Span<float> shifted = stackalloc float[Chunk];
        double sum = 0;
        for (int start = 0; start < logits.Length; start += Chunk)
        {
            ReadOnlySpan<float> part = logits.Slice(start, Math.Min(Chunk, logits.Length - start));
            Span<float> target = shifted[..part.Length];
            TensorPrimitives.Subtract(part, max, target);
            TensorPrimitives.Exp(target, target);
            sum += TensorPrimitives.Sum<float>(target);
        }

        return max + (float)Math.Log(sum);
    }

    /// <summary>Turns logits into log-probabilities in place: <c>z_i - log Σ exp(z_j)</c>.</summary>
    /// <param name="logits">The logits (not empty); receives <c>log softmax(z)</c>.</param>
    public static void ToLogProbabilities(Span<float> logits) => TensorPrimitives.Subtract(logits, LogSumExp(logits), logits);
}
