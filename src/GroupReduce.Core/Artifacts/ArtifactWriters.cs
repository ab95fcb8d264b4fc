using GroupReduce.Core.Models;

namespace GroupReduce.Core.Artifacts;

/// <summary>The one place that decides which output format a compressed model is written in: by the input's format.</summary>
internal static class ArtifactWriters
{
    /// <summary>The writer for a model read in <paramref name="input"/> format.</summary>
    /// <param name="input">The input model's format.</param>
    /// <returns>The writer; today the safetensors artifact for every input (docs/format.md).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A format this method does not know (a new reader without a decision here).</exception>
    public static IArtifactWriter For(ModelFormat input) => input switch
    {
        // Every input is written as the safetensors artifact, the format GroupReduce.Runtime reads; ONNX input too
        // until ONNX output lands (issue 12 item 2).
        ModelFormat.Safetensors or ModelFormat.Npy or ModelFormat.Npz or ModelFormat.Word2VecBinary or ModelFormat.Word2VecText or ModelFormat.Gguf or ModelFormat.Onnx
            => ArtifactWriter.Safetensors,
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "no artifact writer is chosen for this input format; add it to ArtifactWriters.For"),
    };
}
