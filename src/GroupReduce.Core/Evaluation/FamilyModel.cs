using GroupReduce.Runtime;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// What every family <c>groupreduce eval</c> runs has in common: a vocabulary carried by the file, an
/// <c>embedding.weight</c> and a <c>softmax.weight</c> (with its bias) on that vocabulary, the unknown and
/// end-of-sentence tokens, and perplexity with the original matrices or an artifact's reconstructions of them. A
/// family adds only what happens between the embedding and the softmax.
/// </summary>
public abstract class FamilyModel : ILanguageModel
{
    /// <summary>The embedding tensor's name.</summary>
    public const string EmbeddingTensor = LanguageModels.EmbeddingTensor;

    /// <summary>The softmax tensor's name.</summary>
    public const string SoftmaxTensor = LanguageModels.SoftmaxTensor;

    private readonly Dictionary<string, int> _ids;

    private protected FamilyModel(string path, FamilyParts parts)
    {
        Path = path;
        EmbeddingMatrix = parts.Embedding;
        SoftmaxMatrix = parts.Softmax;
        SoftmaxBias = parts.SoftmaxBias;
        Vocabulary = parts.Vocabulary;
        UnknownId = parts.UnknownId;
        EndOfSentenceId = parts.EndOfSentenceId;
        _ids = new Dictionary<string, int>(Vocabulary.Count, StringComparer.Ordinal);
        for (int i = 0; i < Vocabulary.Count; i++)
        {
            _ids.TryAdd(Vocabulary[i], i);
        }
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The tokens, in row order.</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Embedding width <c>d</c>.</summary>
    public int EmbeddingWidth => EmbeddingMatrix.Columns;

    /// <summary>Hidden width <c>H</c>: the size of the vector the softmax multiplies.</summary>
    public int HiddenWidth => SoftmaxMatrix.Columns;

    /// <summary>The unknown token's id.</summary>
    public int UnknownId { get; }

    /// <summary>The end-of-sentence token's id.</summary>
    public int EndOfSentenceId { get; }

    private protected DenseScoringMatrix EmbeddingMatrix { get; }

    private protected DenseScoringMatrix SoftmaxMatrix { get; }

    private protected float[] SoftmaxBias { get; }

    /// <summary>Reads a token file against this model's vocabulary.</summary>
    /// <param name="path">The token file.</param>
    /// <param name="maxSentences">At most this many sentences (the first ones); null for all.</param>
    /// <returns>The corpus.</returns>
    public TokenCorpus ReadCorpus(string path, int? maxSentences = null) => TokenCorpus.Read(path, _ids, UnknownId, maxSentences);

    /// <summary>The original model's perplexity.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="progress">Receives the number of predictions scored so far, as the run goes; null for none.</param>
    /// <returns>The result.</returns>
    public PerplexityResult Perplexity(TokenCorpus corpus, int threads, CancellationToken cancellationToken, IProgress<long>? progress = null) =>
        Score(corpus, EmbeddingMatrix, SoftmaxMatrix, threads, new PredictionCounter(progress), cancellationToken);

    /// <summary>The perplexity with the artifact's compressed embedding and softmax (each where the artifact compresses it).</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="artifact">An artifact made from this model.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="progress">Receives the number of predictions scored so far, as the run goes; null for none.</param>
    /// <returns>The result.</returns>
    public PerplexityResult Perplexity(TokenCorpus corpus, CompressedModel artifact, int threads, CancellationToken cancellationToken, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return Score(corpus, FamilyFile.Replacement(artifact, LanguageModels.EmbeddingTensor, EmbeddingMatrix), FamilyFile.Replacement(artifact, LanguageModels.SoftmaxTensor, SoftmaxMatrix), threads, new PredictionCounter(progress), cancellationToken);
    }

    float[] ILanguageModel.SoftmaxInputs(TokenCorpus corpus, int threads, CancellationToken cancellationToken) => SoftmaxInputs(corpus, threads, cancellationToken);

    double[] ILanguageModel.EmbeddingMetric() => EmbeddingMetric();

    private protected abstract float[] SoftmaxInputs(TokenCorpus corpus, int threads, CancellationToken cancellationToken);

    private protected abstract double[] EmbeddingMetric();

    private protected abstract PerplexityResult Score(TokenCorpus corpus, IScoringMatrix embedding, IScoringMatrix softmax, int threads, PredictionCounter scored, CancellationToken cancellationToken);
}
