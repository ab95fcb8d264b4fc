using GroupReduce.Abstractions;
using GroupReduce.Core.Calibration;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Evaluation;

/// <summary>The families <c>groupreduce eval</c> runs exactly, chosen by a model's <c>groupreduce.lm.family</c> metadata.</summary>
internal static class LanguageModels
{
    /// <summary>The metadata key that names the family.</summary>
    public const string FamilyKey = "groupreduce.lm.family";

    /// <summary>The input embedding's tensor name in every family.</summary>
    public const string EmbeddingTensor = "embedding.weight";

    /// <summary>The output softmax's tensor name in every family.</summary>
    public const string SoftmaxTensor = "softmax.weight";

    /// <summary>The families, as messages list them.</summary>
    public const string Families = "'nplm' and 'gru'";

    /// <summary>Loads and validates a model of any family eval runs.</summary>
    /// <param name="file">The model file.</param>
    /// <returns>The model.</returns>
    public static ILanguageModel Load(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Family(file) switch
        {
            "gru" => GruModel.Load(file),
            _ => NplmModel.Load(file),
        };
    }

    /// <summary>Runs a model of the families on a token file for <c>calibration: { tokens: … }</c>.</summary>
    /// <param name="file">The model.</param>
    /// <param name="tokensPath">The token file.</param>
    /// <param name="maxSentences">Only the first sentences; null for all.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The softmax's inputs at every prediction and the next layer's view of the embedding.</returns>
    public static ModelActivations Activations(ModelFile file, string tokensPath, int? maxSentences, int threads, CancellationToken cancellationToken)
    {
        ILanguageModel model = Load(file);
        TokenCorpus corpus = model.ReadCorpus(tokensPath, maxSentences);
        float[] inputs = model.SoftmaxInputs(corpus, threads, cancellationToken);
        string source = FormattableString.Invariant($"{corpus.Predictions:N0} predictions of {Path.GetFileName(tokensPath)}");
        return new ModelActivations(SoftmaxTensor, inputs, model.HiddenWidth, EmbeddingTensor, model.EmbeddingMetric(), model.EmbeddingWidth, source);
    }

    /// <summary>The family a file declares; refuses a file that declares none.</summary>
    /// <param name="file">The model file.</param>
    /// <returns>The family's name.</returns>
    public static string Family(ModelFile file) =>
        file.Metadata.TryGetValue(FamilyKey, out string? family)
            ? family
            : throw new GroupReduceException(EvaluationErrorCodes.NotAModelFamily, $"'{file.Path}' does not say which model family it is (no '{FamilyKey}' metadata), so its perplexity cannot be computed here. For any model, export final hidden states and next tokens and use --hidden/--next (softmax calibration); docs/language-model.md describes the families eval runs.", SourceLocation.OfFile(file.Path));

    /// <summary>Refuses a file of another family than <paramref name="expected"/>.</summary>
    /// <param name="file">The model file.</param>
    /// <param name="expected">The family the caller reads.</param>
    public static void Require(ModelFile file, string expected)
    {
        string family = Family(file);
        if (family == expected)
        {
            return;
        }

        string message = family is "nplm" or "gru"
            ? $"'{file.Path}' is of model family '{family}', not '{expected}' (docs/language-model.md)."
            : $"'{file.Path}' is of model family '{family}'; eval runs the families {Families}. Use --hidden/--next (softmax calibration) for other models.";
        throw new GroupReduceException(EvaluationErrorCodes.NotAModelFamily, message, SourceLocation.OfFile(file.Path));
    }
}
