using GroupReduce.Fuzzing;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>
/// Every input the fuzz harness (bench/fuzz) found a defect with, committed under
/// tests/GroupReduce.Fuzzing/Reproducers/&lt;target&gt;/, replayed through its target: fixed defects stay fixed.
/// </summary>
public sealed class FuzzReproducerTests
{
    public static IEnumerable<object[]> Reproducers => FuzzReproducers.Of([.. FuzzTargets.All]);

    [Theory]
    [MemberData(nameof(Reproducers))]
    public void Every_reproducer_found_by_the_harness_stays_fixed(string target, string file)
    {
        FuzzOutcome outcome = FuzzReproducers.Replay(target, file);
        Assert.True(outcome.IsAcceptable, outcome.ToString());
    }

    [Fact]
    public void Reproducers_are_committed_for_the_defects_the_harness_found() =>
        Assert.NotEmpty(Reproducers);
}
