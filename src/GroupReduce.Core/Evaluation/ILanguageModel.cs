using GroupReduce.Runtime;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// A model of one of the families <c>groupreduce eval</c> runs exactly (docs/language-model.md): it reads token
/// files against its vocabulary and measures perplexity with its own vocabulary matrices or with an artifact's
/// reconstructions of them (<c>embedding.weight</c> and <c>softmax.weight</c>); every other tensor stays as stored.
/// </summary>
internal interface ILanguageModel
{
    /// <summary>The model file.</summary>
    string Path { get; }

    /// <summary>The tokens, in row order.</summary>
    IReadOnlyList<string> Vocabulary { get; }

    /// <summary>The embedding's width <c>d</c>.</summary>
    int EmbeddingWidth { get; }

    /// <summary>The softmax's width: the size of the vector it multiplies.</summary>
    int HiddenWidth { get; }

    /// <summary>Reads a token file against this model's vocabulary.</summary>
    /// <param name="path">The token file.</param>
    /// <param name="maxSentences">At most this many sentences (the first ones); null for all.</param>
    /// <returns>The corpus.</returns>
    TokenCorpus ReadCorpus(string path, int? maxSentences = null);

    /// <summary>The original model's perplexity.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="progress">Receives the number of predictions scored so far, as the run goes; null for none.</param>
    /// <returns>The result.</returns>
    PerplexityResult Perplexity(TokenCorpus corpus, int threads, CancellationToken cancellationToken, IProgress<long>? progress = null);

    /// <summary>The perplexity with the artifact's compressed embedding and softmax (each where the artifact compresses it).</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="artifact">An artifact made from this model.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="progress">Receives the number of predictions scored so far, as the run goes; null for none.</param>
    /// <returns>The result.</returns>
    PerplexityResult Perplexity(TokenCorpus corpus, CompressedModel artifact, int threads, CancellationToken cancellationToken, IProgress<long>? progress = null);

    /// <summary>
    /// The vector the softmax multiplies for every prediction of <paramref name="corpus"/>, with the original matrices, in
    /// prediction order: <c>Predictions x HiddenWidth</c>, row-major. <c>calibration: { tokens: … }</c> reads them.
    /// </summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The hidden states.</returns>
    float[] SoftmaxInputs(TokenCorpus corpus, int threads, CancellationToken cancellationToken);

    /// <summary>
    /// How the next layer sees an error in an embedding row: <c>Wᵀ W</c> (<c>d x d</c>, row-major) for the layer's input
    /// weights <c>W</c> (nplm: the hidden layer's block for each context position, summed; gru: <c>weight_ih</c>), so that
    /// <c>δᵀ Wᵀ W δ</c> is the squared change an embedding error <c>δ</c> makes to that layer's pre-activations.
    /// </summary>
    /// <returns>The metric.</returns>
    double[] EmbeddingMetric();
}
