using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
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

    // Found by the million-input run: a 576-byte GGUF file whose empty matrix declares [0, 75497476] (a 300 MB row
    // buffer for whoever reads it) or [140737488355334, 0] (a loop over 2^47 rows).
    [Theory]
    [InlineData("165f0f8e557c.bin")]
    [InlineData("e3ccbe1f9515.bin")]
    public void An_empty_matrix_declaring_a_huge_dimension_is_not_a_matrix(string file)
    {
        using ModelFile model = ModelFileReader.Open(Path.Combine(FuzzReproducers.Folder, "gguf", file));

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => model.FindTensor("token_embd.weight")!.AsMatrix());

        Assert.Equal(ModelErrorCodes.NotAMatrix, error.Code);
    }

    [Fact]
    public void Reproducers_are_committed_for_the_defects_the_harness_found() =>
        Assert.NotEmpty(Reproducers);
}
