using GroupReduce.Fuzzing;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>The fuzzing CI slice for the text inputs a spec names: the spec itself, counts, vocabulary and tokenizer files (a SentencePiece model is binary, but named the same way).</summary>
public sealed class TextInputPropertyTests
{
    public static TheoryData<string> Inputs => new(FuzzTargets.Spec.Name, FuzzTargets.Counts.Name, FuzzTargets.Vocabulary.Name, FuzzTargets.TokenizerJson.Name, FuzzTargets.Tiktoken.Name, FuzzTargets.SentencePiece.Name);

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Mutated_text_is_read_or_refused_with_a_typed_error(string input) =>
        FuzzCheck.Sample(FuzzTargets.Find(input)!, iterations: 2000);
}
