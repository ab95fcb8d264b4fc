using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The five weight tensors of an nplm model, row-major as the file stores them: E [V, d], W [H, n·d], b [H],
/// S [V, H], c [V]. The same layout holds gradients and optimizer moments.
/// </summary>
public sealed class NplmWeights : ModelWeights<NplmWeights>
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

    /// <inheritdoc/>
    public override IReadOnlyList<float[]> All => [Embedding, HiddenWeight, HiddenBias, SoftmaxWeight, SoftmaxBias];

    /// <summary>
    /// Small uniform weights, and a softmax bias at the log unigram probabilities so training starts from the
    /// unigram model instead of spending its first steps learning word frequencies.
    /// </summary>
    public static NplmWeights Initialize(NplmShape shape, ReadOnlySpan<long> trainCounts, ulong seed)
    {
        var weights = new NplmWeights(shape);
        SetUnigramBias(weights.SoftmaxBias, trainCounts);
        var random = new SplitMix64(seed);
        Fill(weights.Embedding, ref random, 0.1f);
        Fill(weights.HiddenWeight, ref random, MathF.Sqrt(6f / (shape.Input + shape.Hidden)));
        Fill(weights.SoftmaxWeight, ref random, MathF.Sqrt(6f / (shape.Hidden + shape.Vocabulary)));
        return weights;
    }

    protected override NplmWeights CreateEmpty() => new(Shape);

    protected override bool HasShapeOf(NplmWeights other) => other.Shape == Shape;
}
