using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The seven weight tensors of a gru model, row-major as the file stores them: E [V, d], W_ih [3H, d],
/// W_hh [3H, H], b_ih [3H], b_hh [3H], S [V, H], c [V]; the gate rows in PyTorch's order r, z, n. The same
/// layout holds gradients and optimizer moments.
/// </summary>
public sealed class GruWeights : ModelWeights<GruWeights>
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

    /// <inheritdoc/>
    public override IReadOnlyList<float[]> All => [Embedding, InputWeight, HiddenWeight, InputBias, HiddenBias, SoftmaxWeight, SoftmaxBias];

    /// <summary>
    /// The GRU tensors uniform in ±1/√H as PyTorch initialises them, small uniform embeddings, a Glorot softmax,
    /// and a softmax bias at the log unigram probabilities so training starts from the unigram model.
    /// </summary>
    public static GruWeights Initialize(GruShape shape, ReadOnlySpan<long> trainCounts, ulong seed)
    {
        var weights = new GruWeights(shape);
        SetUnigramBias(weights.SoftmaxBias, trainCounts);
        var random = new SplitMix64(seed);
        float gate = 1f / MathF.Sqrt(shape.Hidden);
        Fill(weights.Embedding, ref random, 0.1f);
        Fill(weights.InputWeight, ref random, gate);
        Fill(weights.HiddenWeight, ref random, gate);
        Fill(weights.InputBias, ref random, gate);
        Fill(weights.HiddenBias, ref random, gate);
        Fill(weights.SoftmaxWeight, ref random, MathF.Sqrt(6f / (shape.Hidden + shape.Vocabulary)));
        return weights;
    }

    protected override GruWeights CreateEmpty() => new(Shape);

    protected override bool HasShapeOf(GruWeights other) => other.Shape == Shape;
}
