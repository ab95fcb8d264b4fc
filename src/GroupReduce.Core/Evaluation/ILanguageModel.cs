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

    /// <summary>Reads a token file against this model's vocabulary.</summary>
    /// <param name="path">The token file.</param>
    /// <param name="maxSentences">At most this many sentences (the first ones); null for all.</param>
    /// <returns>The corpus.</returns>
    TokenCorpus ReadCorpus(string path, int? maxSentences = null);

    /// <summary>The original model's perplexity.</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result.</returns>
    PerplexityResult Perplexity(TokenCorpus corpus, int threads, CancellationToken cancellationToken);

    /// <summary>The perplexity with the artifact's compressed embedding and softmax (each where the artifact compresses it).</summary>
    /// <param name="corpus">The corpus.</param>
    /// <param name="artifact">An artifact made from this model.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result.</returns>
    PerplexityResult Perplexity(TokenCorpus corpus, CompressedModel artifact, int threads, CancellationToken cancellationToken);
}
