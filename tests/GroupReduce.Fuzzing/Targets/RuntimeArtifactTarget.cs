using GroupReduce.Fuzzing.Mutations;
using GroupReduce.Runtime;

namespace GroupReduce.Fuzzing.Targets;

/// <summary>
/// An artifact as an app opens it: <see cref="CompressedModel.Open"/>, <see cref="CompressedModel.Head"/>, then one
/// <c>Logits</c> and one <c>Embed</c> call — what every app that downloads a model does first.
/// </summary>
public sealed class RuntimeArtifactTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "runtime-artifact";

    /// <inheritdoc />
    public override InputShape Shape => InputShape.JsonHeader;

    /// <inheritdoc />
    protected override string InputFileName => "lm.gr.safetensors";

    /// <inheritdoc />
    protected override FuzzOutcome Exercise(string path, string folder)
    {
        using CompressedModel model = CompressedModel.Open(path);
        LanguageModelHead head = model.Head();
        var hidden = new float[head.HiddenWidth];
        hidden.AsSpan().Fill(0.5f);
        var logits = new float[head.VocabularySize];
        head.Logits(hidden, logits);
        if (head.Embedding is not null && head.VocabularySize > 0)
        {
            var row = new float[head.EmbeddingWidth];
            head.Embed(head.VocabularySize - 1, row);
        }

        return FuzzOutcome.Accepted;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<FuzzSeed> CreateSeeds() => ArtifactSeeds.All;
}
