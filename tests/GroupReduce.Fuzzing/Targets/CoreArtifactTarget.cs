using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models;
using GroupReduce.Fuzzing.Mutations;

namespace GroupReduce.Fuzzing.Targets;

/// <summary>An artifact as the tool reads it (inspect, eval, the cache): the model reader, then the manifest and its validation against the tensors.</summary>
public sealed class CoreArtifactTarget : FuzzTarget
{
    /// <inheritdoc />
    public override string Name => "core-artifact";

    /// <inheritdoc />
    public override InputShape Shape => InputShape.JsonHeader;

    /// <inheritdoc />
    protected override string InputFileName => "lm.gr.safetensors";

    /// <inheritdoc />
    protected override FuzzOutcome Exercise(string path, string folder)
    {
        using ModelFile file = ModelFileReader.Open(path);
        if (ArtifactReader.TryRead(file) is { } read)
        {
            _ = ArtifactReader.Validate(file, read.Manifest);
            _ = ArtifactReader.ToJson(read.Manifest, indented: false);
        }

        return FuzzOutcome.Accepted;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<FuzzSeed> CreateSeeds() => ArtifactSeeds.All;
}
