using System.Globalization;
using System.Numerics.Tensors;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;
using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// A model of the repository's own language model family (<c>nplm</c>, docs/language-model.md), run
/// exactly: the previous words' embeddings, one tanh hidden layer, a softmax over the vocabulary. Its
/// perplexity can be measured with the original matrices or with an artifact's compressed ones.
/// </summary>
public sealed class NplmModel
{
    /// <summary>The embedding tensor's name.</summary>
    public const string EmbeddingTensor = "embedding.weight";

    /// <summary>The softmax tensor's name.</summary>
    public const string SoftmaxTensor = "softmax.weight";

    // Positions scored together: each softmax row is read once per batch.
    private const int Batch = 32;

    private readonly DenseScoringMatrix _embedding;
    private readonly DenseScoringMatrix _softmax;
    private readonly float[] _hiddenWeight;
    private readonly float[] _hiddenBias;
    private readonly float[] _softmaxBias;
    private readonly Dictionary<string, int> _ids;

    private NplmModel(string path, int context, DenseScoringMatrix embedding, DenseScoringMatrix softmax, float[] hiddenWeight, float[] hiddenBias, float[] softmaxBias, IReadOnlyList<string> vocabulary, int unknown, int endOfSentence)
    {
        Path = path;
        Context = context;
        _embedding = embedding;
        _softmax = softmax;
        _hiddenWeight = hiddenWeight;
        _hiddenBias = hiddenBias;
        _softmaxBias = softmaxBias;
        Vocabulary = vocabulary;
        UnknownId = unknown;
        EndOfSentenceId = endOfSentence;
        _ids = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (int i = 0; i < vocabulary.Count; i++)
        {
            _ids.TryAdd(vocabulary[i], i);
        }
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>Previous words the model looks at.</summary>
    public int Context { get; }

    /// <summary>The tokens, in row order.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Embedding width <c>d</c>.</summary>
    public int EmbeddingWidth => _embedding.Columns;

    /// <summary>Hidden width <c>H</c>.</summary>
    public int HiddenWidth => _softmax.Columns;

    /// <summary>The unknown token's id.</summary>
    public int UnknownId { get; }

    /// <summary>The end-of-sentence token's id.</summary>
    public int EndOfSentenceId { get; }

    /// <summary>Whether a model file declares itself as this family.</summary>
    /// <param name="file">The model.</param>
    /// <returns>True for <c>groupreduce.lm.family: nplm</c>.</returns>
    public static bool IsNplm(ModelFile file) => file.Metadata.TryGetValue("groupreduce.lm.family", out string? family) && family == "nplm";

    /// <summary>Loads and validates a model of the family.</summary>
    /// <param name="file">The model file.</param>
    /// <returns>The model.</returns>
    public static NplmModel Load(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Metadata.TryGetValue("groupreduce.lm.family", out string? family))
        {
            throw new GroupReduceException(EvaluationErrorCodes.NotAModelFamily, $"'{file.Path}' does not say which model family it is (no 'groupreduce.lm.family' metadata), so its perplexity cannot be computed here. For any model, export final hidden states and next tokens and use --hidden/--next (softmax calibration); docs/language-model.md describes the family eval runs.", SourceLocation.OfFile(file.Path));
        }

        if (family != "nplm")
        {
            throw new GroupReduceException(EvaluationErrorCodes.NotAModelFamily, $"'{file.Path}' is of model family '{family}'; eval runs family 'nplm'. Use --hidden/--next (softmax calibration) for other models.", SourceLocation.OfFile(file.Path));
        }

        string version = Metadata(file, "groupreduce.lm.version");
        if (version != "1")
        {
            throw Invalid(file, $"is nplm version '{version}'; this tool runs version 1");
        }

        if (!int.TryParse(Metadata(file, "groupreduce.lm.context"), NumberStyles.None, CultureInfo.InvariantCulture, out int context) || context is < 1 or > 8)
        {
            throw Invalid(file, $"has context '{file.Metadata["groupreduce.lm.context"]}'; it must be a whole number from 1 to 8");
        }

        IReadOnlyList<string> vocabulary = file.Vocabulary ?? throw Invalid(file, "carries no vocabulary (tensors 'groupreduce.vocab.offsets' and 'groupreduce.vocab.bytes')");
        DenseScoringMatrix embedding = DenseScoringMatrix.Read(Matrix(file, EmbeddingTensor).AsMatrix());
        DenseScoringMatrix softmax = DenseScoringMatrix.Read(Matrix(file, SoftmaxTensor).AsMatrix());
        int v = vocabulary.Count;
        int d = embedding.Columns;
        int h = softmax.Columns;
        if (embedding.Rows != v || softmax.Rows != v)
        {
            throw Invalid(file, $"has {v} tokens but '{EmbeddingTensor}' has {embedding.Rows} rows and '{SoftmaxTensor}' {softmax.Rows}");
        }

        float[] hiddenWeight = Values(file, "hidden.weight", [h, context * d]);
        float[] hiddenBias = Values(file, "hidden.bias", [h]);
        float[] softmaxBias = Values(file, "softmax.bias", [v]);
        int unknown = TokenId(file, vocabulary, "groupreduce.lm.unk");
        int endOfSentence = TokenId(file, vocabulary, "groupreduce.lm.eos");
        return new NplmModel(file.Path, context, embedding, softmax, hiddenWeight, hiddenBias, softmaxBias, vocabulary, unknown, endOfSentence);
    }

    /// <summary>Reads a token file against this model's vocabulary.</summary>
    /// <param name="path">The token file.</param>
    /// <param name="maxSentences">At most this many sentences (the first ones); null for all.</param>
    /// <returns>The corpus.</returns>
    public TokenCorpus ReadCorpus(string path, int? maxSentences = null) => TokenCorpus.Read(path, _ids, UnknownId, maxSentences);

    /// <summary>The original model's perplexity.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result.</returns>
    public PerplexityResult Perplexity(TokenCorpus corpus, int threads, CancellationToken cancellationToken) =>
        Score(corpus, _embedding, _softmax, threads, cancellationToken);

    /// <summary>The perplexity with the artifact's compressed embedding and softmax (each where the artifact compresses it).</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="artifact">An artifact made from this model.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result.</returns>
    public PerplexityResult Perplexity(TokenCorpus corpus, CompressedModel artifact, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return Score(corpus, Replacement(artifact, EmbeddingTensor, _embedding), Replacement(artifact, SoftmaxTensor, _softmax), threads, cancellationToken);
    }

    private static IScoringMatrix Replacement(CompressedModel artifact, string name, DenseScoringMatrix original)
    {
        if (!artifact.TryGetMatrix(name, out CompressedMatrix matrix))
        {
            return original;
        }

        if (matrix.Rows != original.Rows || matrix.Columns != original.Columns)
        {
            throw new GroupReduceException(EvaluationErrorCodes.ArtifactDoesNotMatch, $"'{artifact.Path}' holds '{name}' as {matrix.Rows} x {matrix.Columns}, but the model's is {original.Rows} x {original.Columns}: the artifact was made from another model. Pass the model it was compressed from.", SourceLocation.OfFile(artifact.Path));
        }

        return new CompressedScoringMatrix(matrix);
    }

    private PerplexityResult Score(TokenCorpus corpus, IScoringMatrix embedding, IScoringMatrix softmax, int threads, CancellationToken cancellationToken)
    {
        // Every prediction's context and target, flattened so batches can be scored on any thread;
        // the log-likelihoods are summed in position order afterwards, so the result is deterministic.
        long total = corpus.Predictions;
        var contexts = new int[checked(total * Context)];
        var targets = new int[total];
        long p = 0;
        foreach (int[] sentence in corpus.Sentences)
        {
            for (int t = 0; t <= sentence.Length; t++, p++)
            {
                targets[p] = t < sentence.Length ? sentence[t] : EndOfSentenceId;
                for (int k = 1; k <= Context; k++)
                {
                    contexts[(p * Context) + k - 1] = t - k >= 0 ? sentence[t - k] : EndOfSentenceId;
                }
            }
        }

        var losses = new double[total];
        int batches = (int)((total + Batch - 1) / Batch);
        int d = EmbeddingWidth;
        int h = HiddenWidth;
        int v = Vocabulary.Count;
        Parallel.For(
            0,
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            () => (Input: new float[Context * d], Hidden: new float[Batch * h], Logits: new float[Batch * v]),
            (batch, _, buffers) =>
            {
                int first = batch * Batch;
                int count = (int)Math.Min(Batch, total - first);
                for (int b = 0; b < count; b++)
                {
                    for (int k = 0; k < Context; k++)
                    {
                        embedding.GetRow(contexts[((first + b) * Context) + k], buffers.Input.AsSpan(k * d, d));
                    }

                    Span<float> hidden = buffers.Hidden.AsSpan(b * h, h);
                    for (int j = 0; j < h; j++)
                    {
                        hidden[j] = TensorPrimitives.Dot(_hiddenWeight.AsSpan(j * Context * d, Context * d), buffers.Input) + _hiddenBias[j];
                    }

                    TensorPrimitives.Tanh(hidden, hidden);
                }

                softmax.MultiplyBatch(buffers.Hidden.AsSpan(0, count * h), count, buffers.Logits);
                for (int b = 0; b < count; b++)
                {
                    Span<float> logits = buffers.Logits.AsSpan(b * v, v);
                    TensorPrimitives.Add(logits, _softmaxBias, logits);
                    losses[first + b] = (double)Softmax.LogSumExp(logits) - logits[targets[first + b]];
                }

                return buffers;
            },
            _ => { });

        double sum = 0;
        foreach (double loss in losses)
        {
            sum += loss;
        }

        return new PerplexityResult(total, sum);
    }

    private static string Metadata(ModelFile file, string key) =>
        file.Metadata.TryGetValue(key, out string? value) ? value : throw Invalid(file, $"lacks the metadata key '{key}'");

    private static ModelTensor Matrix(ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name) ?? throw Invalid(file, $"has no tensor '{name}'");
        return tensor.IsMatrix ? tensor : throw Invalid(file, $"tensor '{name}' is {tensor.DType} [{string.Join(", ", tensor.Shape)}], not a floating-point matrix");
    }

    private static float[] Values(ModelFile file, string name, long[] shape)
    {
        ModelTensor tensor = file.FindTensor(name) ?? throw Invalid(file, $"has no tensor '{name}'");
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw Invalid(file, $"tensor '{name}' is [{string.Join(", ", tensor.Shape)}]; the other tensors make it [{string.Join(", ", shape)}]");
        }

        return TensorValues.TryRead(tensor) ?? throw Invalid(file, $"tensor '{name}' is {tensor.DType}; it must be F32, F16, BF16 or F64");
    }

    private static int TokenId(ModelFile file, IReadOnlyList<string> vocabulary, string key)
    {
        string token = Metadata(file, key);
        for (int i = 0; i < vocabulary.Count; i++)
        {
            if (vocabulary[i] == token)
            {
                return i;
            }
        }

        throw Invalid(file, $"names '{token}' as '{key}' but that token is not in its vocabulary");
    }

    private static GroupReduceException Invalid(ModelFile file, string detail) =>
        new(EvaluationErrorCodes.FamilyTensorInvalid, $"the nplm model '{file.Path}' {detail} (docs/language-model.md)", SourceLocation.OfFile(file.Path));
}
