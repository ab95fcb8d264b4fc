using GroupReduce.Fuzzing;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>The fuzzing CI slice for artifacts as the tool reads them (inspect, eval, the cache): manifest and validation.</summary>
public sealed class ArtifactReaderPropertyTests
{
    [Fact]
    public void Mutated_artifacts_are_read_or_refused_with_a_typed_error() =>
        FuzzCheck.Sample(FuzzTargets.CoreArtifact, iterations: 3000);
}
