using GroupReduce.Abstractions;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Evaluation;

/// <summary>The families <c>groupreduce eval</c> runs exactly, chosen by a model's <c>groupreduce.lm.family</c> metadata.</summary>
internal static class LanguageModels
{
    /// <summary>The metadata key that names the family.</summary>
    public const string FamilyKey = "groupreduce.lm.family";

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
