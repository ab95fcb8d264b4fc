using GroupReduce.Fuzzing;

namespace GroupReduce.Runtime.Tests.Hostile;

/// <summary>
/// The fuzzing CI slice for what apps do with a downloaded artifact: open it, take its head, compute logits and
/// an embedding. Every mutation is answered by success or an <see cref="ArtifactFormatException"/> with a GR2xxx code.
/// </summary>
public sealed class CompressedModelPropertyTests
{
    [Fact]
    public void Mutated_artifacts_open_or_are_refused_with_a_typed_error() =>
        FuzzCheck.Sample(FuzzTargets.RuntimeArtifact, iterations: 4000);
}
