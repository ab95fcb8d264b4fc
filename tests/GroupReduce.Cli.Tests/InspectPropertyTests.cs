using GroupReduce.Fuzzing;

namespace GroupReduce.Cli.Tests;

/// <summary>The fuzzing CI slice for <c>groupreduce inspect</c>: a damaged file is a GR error and exit 1, never an internal error (exit 2).</summary>
public sealed class InspectPropertyTests
{
    [Fact]
    public void Inspect_reports_damaged_files_with_a_typed_error() =>
        FuzzCheck.Sample(FuzzTargets.Inspect, iterations: 1000);
}
