using GroupReduce.Fuzzing;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>
/// The fuzzing CI slice for the model readers: a few thousand structure-aware mutations of small valid files per
/// format (always the same ones), each answered by success or a typed GR2xxx error.
/// </summary>
public sealed class ModelReaderPropertyTests
{
    public static TheoryData<string> Formats => new(FuzzTargets.Safetensors.Name, FuzzTargets.Gguf.Name, FuzzTargets.Npy.Name, FuzzTargets.Npz.Name, FuzzTargets.Word2Vec.Name, FuzzTargets.EmbeddingText.Name, FuzzTargets.Onnx.Name);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Mutated_files_are_read_or_refused_with_a_typed_error(string format) =>
        FuzzCheck.Sample(FuzzTargets.Find(format)!, iterations: 2000);
}
