using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The seven weight tensors of a gru model, row-major as the file stores them: E [V, d], W_ih [3H, d],
/// W_hh [3H, H], b_ih [3H], b_hh [3H], S [V, H], c [V]; the gate rows in PyTorch's order r, z, n. The same
/// layout holds gradients and optimizer moments.
/// </summary>
public sealed class GruWeights
{
    public GruWeights(GruShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        Shape = shape;
        Embedding = new float[shape.Vocabulary * shape.Embedding];
        InputWeight = new float[shape.Gates * shape.Embedding];
        HiddenWeight = new float[shape.Gates * shape.Hidden];
        InputBias = new float[shape.Gates];
        HiddenBias = new float[shape.Gates];
        SoftmaxWeight = new float[shape.Vocabulary * shape.Hidden];
        SoftmaxBias = new float[shape.Vocabulary];
    }

    public GruShape Shape { get; }

    public float[] Embedding { get; }

    /// <summary><c>gru.weight_ih</c> [3H, d].</summary>
    public float[] InputWeight { get; }

    /// <summary><c>gru.weight_hh</c> [3H, H].</summary>
    public float[] HiddenWeight { get; }

    /// <summary><c>gru.bias_ih</c> [3H].</summary>
    public float[] InputBias { get; }

    /// <summary><c>gru.bias_hh</c> [3H].</summary>
    public float[] HiddenBias { get; }

    public float[] SoftmaxWeight { get; }

    public float[] SoftmaxBias { get; }

    /// <summary>The tensors in a fixed order, for element-wise passes over all of them.</summary>
    public IReadOnlyList<float[]> All => [Embedding, InputWeight, HiddenWeight, InputBias, HiddenBias, SoftmaxWeight, SoftmaxBias];

    /// <summary>
    /// The GRU tensors uniform in ±1/√H as PyTorch initialises them, small uniform embeddings, a Glorot softmax,
    /// and a softmax bias at the log unigram probabilities so training starts from the unigram model.
    /// </summary>
    public static GruWeights Initialize(GruShape shape, ReadOnlySpan<long> trainCounts, ulong seed)
    {
        var weights = new GruWeights(shape);
        if (trainCounts.Length != shape.Vocabulary)
        {
            throw new ArgumentException($"{trainCounts.Length} counts for a vocabulary of {shape.Vocabulary}.", nameof(trainCounts));
        }

        var random = new SplitMix64(seed);
        float gate = 1f / MathF.Sqrt(shape.Hidden);
        Fill(weights.Embedding, ref random, 0.1f);
        Fill(weights.InputWeight, ref random, gate);
        Fill(weights.HiddenWeight, ref random, gate);
        Fill(weights.InputBias, ref random, gate);
        Fill(weights.HiddenBias, ref random, gate);
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

    public GruWeights Clone()
    {
        var copy = new GruWeights(Shape);
        copy.CopyFrom(this);
        return copy;
    }

    public void CopyFrom(GruWeights other)
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

    /// <summary>A copy with every value rounded to half precision and back: the model exactly as the F16 file stores it.</summary>
    public GruWeights RoundedToHalf()
    {
        GruWeights copy = Clone();
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
