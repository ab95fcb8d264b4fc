using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The five weight tensors of an nplm model, row-major as the file stores them: E [V, d], W [H, n·d], b [H],
/// S [V, H], c [V]. The same layout holds gradients and optimizer moments.
/// </summary>
public sealed class NplmWeights
{
    public NplmWeights(NplmShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        Shape = shape;
        Embedding = new float[shape.Vocabulary * shape.Embedding];
        HiddenWeight = new float[shape.Hidden * shape.Input];
        HiddenBias = new float[shape.Hidden];
        SoftmaxWeight = new float[shape.Vocabulary * shape.Hidden];
        SoftmaxBias = new float[shape.Vocabulary];
    }

    public NplmShape Shape { get; }

    public float[] Embedding { get; }

    public float[] HiddenWeight { get; }

    public float[] HiddenBias { get; }

    public float[] SoftmaxWeight { get; }

    public float[] SoftmaxBias { get; }

    /// <summary>The tensors in a fixed order, for element-wise passes over all of them.</summary>
    public IReadOnlyList<float[]> All => [Embedding, HiddenWeight, HiddenBias, SoftmaxWeight, SoftmaxBias];

    /// <summary>
    /// Small uniform weights, and a softmax bias at the log unigram probabilities so training starts from the
    /// unigram model instead of spending its first steps learning word frequencies.
    /// </summary>
    public static NplmWeights Initialize(NplmShape shape, ReadOnlySpan<long> trainCounts, ulong seed)
    {
        var weights = new NplmWeights(shape);
        if (trainCounts.Length != shape.Vocabulary)
        {
            throw new ArgumentException($"{trainCounts.Length} counts for a vocabulary of {shape.Vocabulary}.", nameof(trainCounts));
        }

        var random = new SplitMix64(seed);
        Fill(weights.Embedding, ref random, 0.1f);
        Fill(weights.HiddenWeight, ref random, MathF.Sqrt(6f / (shape.Input + shape.Hidden)));
        Fill(weights.SoftmaxWeight, ref random, MathF.Sqrt(6f / (shape.Hidden + shape.Vocabulary)));
        double total = 0;
        foreach (long count in trainCounts)
        {
            total += Math.Max(count, 1);
        }

        for (int i = 0; i < shape.Vocabulary; i++)
        {
            weights.SoftmaxBias[i] = (float)Math.Log(Math.Max(trainCounts[i], 1) / total);
        }

        return weights;
    }

    public NplmWeights Clone()
    {
        var copy = new NplmWeights(Shape);
        copy.CopyFrom(this);
        return copy;
    }

    public void CopyFrom(NplmWeights other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Shape != Shape)
        {
            throw new ArgumentException("The shapes differ.", nameof(other));
        }

        for (int t = 0; t < All.Count; t++)
        {
            other.All[t].CopyTo(All[t], 0);
        }
    }

    public void Clear()
    {
        foreach (float[] tensor in All)
        {
            Array.Clear(tensor);
        }
    }

    /// <summary>A copy with every value rounded to half precision and back: the model exactly as the F16 file stores it.</summary>
    public NplmWeights RoundedToHalf()
    {
        NplmWeights copy = Clone();
        foreach (float[] tensor in copy.All)
        {
            for (int i = 0; i < tensor.Length; i++)
            {
                tensor[i] = (float)(Half)tensor[i];
            }
        }

        return copy;
    }

    private static void Fill(float[] values, ref SplitMix64 random, float scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSymmetric(scale);
        }
    }
}
