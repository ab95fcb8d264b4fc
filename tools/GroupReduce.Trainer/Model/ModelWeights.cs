using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// What every family's weights share: the tensors as one list in a fixed order, and the passes over all of them
/// (copy, clear, round to F16) that training and writing need. The same layout holds gradients and optimizer moments.
/// </summary>
/// <typeparam name="TWeights">The family's weights type itself, so copies come back as that type.</typeparam>
public abstract class ModelWeights<TWeights>
    where TWeights : ModelWeights<TWeights>
{
    /// <summary>The tensors in a fixed order, for element-wise passes over all of them.</summary>
    public abstract IReadOnlyList<float[]> All { get; }

    public TWeights Clone()
    {
        TWeights copy = CreateEmpty();
        copy.CopyFrom((TWeights)this);
        return copy;
    }

    public void CopyFrom(TWeights other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!HasShapeOf(other))
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
    public TWeights RoundedToHalf()
    {
        TWeights copy = Clone();
        foreach (float[] tensor in copy.All)
        {
            for (int i = 0; i < tensor.Length; i++)
            {
                tensor[i] = (float)(Half)tensor[i];
            }
        }

        return copy;
    }

    /// <summary>Zero weights of this shape.</summary>
    protected abstract TWeights CreateEmpty();

    protected abstract bool HasShapeOf(TWeights other);

    /// <summary>
    /// Sets the softmax bias to the log unigram probabilities of the train counts (a count of 0 taken as 1), so
    /// training starts from the unigram model instead of spending its first steps learning word frequencies.
    /// </summary>
    protected static void SetUnigramBias(float[] softmaxBias, ReadOnlySpan<long> trainCounts)
    {
        if (trainCounts.Length != softmaxBias.Length)
        {
            throw new ArgumentException($"{trainCounts.Length} counts for a vocabulary of {softmaxBias.Length}.", nameof(trainCounts));
        }

        double total = 0;
        foreach (long count in trainCounts)
        {
            total += Math.Max(count, 1);
        }

        for (int i = 0; i < softmaxBias.Length; i++)
        {
            softmaxBias[i] = (float)Math.Log(Math.Max(trainCounts[i], 1) / total);
        }
    }

    /// <summary>Fills <paramref name="values"/> uniformly in ±<paramref name="scale"/>, in order, from <paramref name="random"/>.</summary>
    private protected static void Fill(float[] values, ref SplitMix64 random, float scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSymmetric(scale);
        }
    }
}
