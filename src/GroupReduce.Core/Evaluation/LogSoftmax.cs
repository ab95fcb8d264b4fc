using System.Numerics.Tensors;

namespace GroupReduce.Core.Evaluation;

/// <summary>Numerically stable log-softmax over a logit vector.</summary>
internal static class LogSoftmax
{
    /// <summary>log Σ exp(z), computed from the maximum so nothing overflows; <paramref name="scratch"/> is overwritten.</summary>
    /// <param name="logits">The logits.</param>
    /// <param name="scratch">Space for as many values.</param>
    /// <returns>The log-partition.</returns>
    public static double LogPartition(ReadOnlySpan<float> logits, Span<float> scratch)
    {
        float max = TensorPrimitives.Max(logits);
        Span<float> shifted = scratch[..logits.Length];
        TensorPrimitives.Subtract(logits, max, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        double sum = 0;
        foreach (float value in shifted)
        {
            sum += value;
        }

        return max + Math.Log(sum);
    }

    /// <summary>Turns logits into log-probabilities in place.</summary>
    /// <param name="logits">The logits; receives log p.</param>
    /// <param name="scratch">Space for as many values.</param>
    public static void InPlace(Span<float> logits, Span<float> scratch)
    {
        double partition = LogPartition(logits, scratch);
        TensorPrimitives.Subtract(logits, (float)partition, logits);
    }
}
