using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// Reading a model of one of eval's families: metadata keys, tensors of a given shape, the special tokens and
/// an artifact's replacement matrices, each failure a <see cref="EvaluationErrorCodes.FamilyTensorInvalid"/>
/// that names the family, the file and what is wrong.
/// </summary>
internal readonly struct FamilyFile(ModelFile file, string family)
{
    /// <summary>The model file.</summary>
    public ModelFile File => file;

    /// <summary>A metadata value that must be present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public string Metadata(string key) =>
        file.Metadata.TryGetValue(key, out string? value) ? value : throw Invalid($"lacks the metadata key '{key}'");

    /// <summary>Checks <c>groupreduce.lm.version</c> is 1.</summary>
    public void RequireVersion1()
    {
        string version = Metadata("groupreduce.lm.version");
        if (version != "1")
        {
            throw Invalid($"is {family} version '{version}'; this tool runs version 1");
        }
    }

    /// <summary>The vocabulary the model carries.</summary>
    /// <returns>The tokens, in row order.</returns>
    public IReadOnlyList<string> Vocabulary() =>
        file.Vocabulary ?? throw Invalid("carries no vocabulary (tensors 'groupreduce.vocab.offsets' and 'groupreduce.vocab.bytes')");

    /// <summary>A floating-point matrix, read whole.</summary>
    /// <param name="name">The tensor.</param>
    /// <returns>The matrix.</returns>
    public DenseScoringMatrix Matrix(string name)
    {
        ModelTensor tensor = file.FindTensor(name) ?? throw Invalid($"has no tensor '{name}'");
        return tensor.IsMatrix
            ? DenseScoringMatrix.Read(tensor.AsMatrix())
            : throw Invalid($"tensor '{name}' is {tensor.DType} [{string.Join(", ", tensor.Shape)}], not a floating-point matrix");
    }

    /// <summary>A floating-point tensor of a known shape, as float32.</summary>
    /// <param name="name">The tensor.</param>
    /// <param name="shape">The shape the other tensors imply.</param>
    /// <returns>The values.</returns>
    public float[] Values(string name, long[] shape)
    {
        ModelTensor tensor = file.FindTensor(name) ?? throw Invalid($"has no tensor '{name}'");
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw Invalid($"tensor '{name}' is [{string.Join(", ", tensor.Shape)}]; the other tensors make it [{string.Join(", ", shape)}]");
        }

        return TensorValues.TryRead(tensor) ?? throw Invalid($"tensor '{name}' is {tensor.DType}; it must be F32, F16, BF16 or F64");
    }

    /// <summary>The row of the token a metadata key names.</summary>
    /// <param name="vocabulary">The model's tokens.</param>
    /// <param name="key">The key, e.g. <c>groupreduce.lm.eos</c>.</param>
    /// <returns>The row.</returns>
    public int TokenId(IReadOnlyList<string> vocabulary, string key)
    {
        string token = Metadata(key);
        for (int i = 0; i < vocabulary.Count; i++)
        {
            if (vocabulary[i] == token)
            {
                return i;
            }
        }

        throw Invalid($"names '{token}' as '{key}' but that token is not in its vocabulary");
    }

    /// <summary>The vocabulary, both vocabulary matrices, the softmax bias and the special tokens, checked against each other.</summary>
    /// <returns>The parts.</returns>
    public FamilyParts ReadParts()
    {
        IReadOnlyList<string> vocabulary = Vocabulary();
        DenseScoringMatrix embedding = Matrix(LanguageModels.EmbeddingTensor);
        DenseScoringMatrix softmax = Matrix(LanguageModels.SoftmaxTensor);
        int v = vocabulary.Count;
        if (embedding.Rows != v || softmax.Rows != v)
        {
            throw Invalid($"has {v} tokens but '{LanguageModels.EmbeddingTensor}' has {embedding.Rows} rows and '{LanguageModels.SoftmaxTensor}' {softmax.Rows}");
        }

        float[] softmaxBias = Values("softmax.bias", [v]);
        return new FamilyParts(vocabulary, embedding, softmax, softmaxBias, TokenId(vocabulary, "groupreduce.lm.unk"), TokenId(vocabulary, "groupreduce.lm.eos"));
    }

    /// <summary>The error for a file of the family that cannot be run.</summary>
    /// <param name="detail">What is wrong, as the rest of a sentence that starts with the file.</param>
    /// <returns>The exception.</returns>
    public GroupReduceException Invalid(string detail) =>
        new(EvaluationErrorCodes.FamilyTensorInvalid, $"the {family} model '{file.Path}' {detail} (docs/language-model.md)", SourceLocation.OfFile(file.Path));

    /// <summary>The artifact's reconstruction of a vocabulary matrix, or the original where the artifact does not compress it.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <param name="name">The matrix.</param>
    /// <param name="original">The model's own matrix.</param>
    /// <returns>What scoring uses.</returns>
    public static IScoringMatrix Replacement(CompressedModel artifact, string name, DenseScoringMatrix original)
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
}
