using GroupReduce.Fuzzing;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>The fuzzing CI slice for the text inputs a spec names: the spec itself, counts and vocabulary files.</summary>
public sealed class TextInputPropertyTests
{
    public static TheoryData<string> Inputs => new(FuzzTargets.Spec.Name, FuzzTargets.Counts.Name, FuzzTargets.Vocabulary.Name);

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Mutated_text_is_read_or_refused_with_a_typed_error(string input) =>
        FuzzCheck.Sample(FuzzTargets.Find(input)!, iterations: 2000);
}
