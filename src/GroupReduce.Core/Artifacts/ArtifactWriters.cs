using GroupReduce.Core.Artifacts.Onnx;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Artifacts;

/// <summary>The one place that decides which output format a compressed model is written in: by the input's format.</summary>
internal static class ArtifactWriters
{
    /// <summary>The writer for a model read in <paramref name="input"/> format, written to <paramref name="outputPath"/>.</summary>
    /// <param name="input">The input model's format.</param>
    /// <param name="outputPath">Where the artifact goes: a name ending in <c>.onnx</c> asks for an ONNX model (docs/onnx.md).</param>
    /// <returns>The ONNX writer for an <c>.onnx</c> output, else the safetensors artifact (docs/format.md).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A format this method does not know (a new reader without a decision here).</exception>
    public static IArtifactWriter For(ModelFormat input, string outputPath) => input switch
    {
        // The output's extension decides, so that an ONNX model can also give the safetensors artifact GroupReduce.Runtime
        // reads (-o lm.gr.safetensors); OnnxArtifactWriter refuses a non-ONNX input with GR2066.
        ModelFormat.Safetensors or ModelFormat.Npy or ModelFormat.Npz or ModelFormat.Word2VecBinary or ModelFormat.Word2VecText or ModelFormat.Gguf or ModelFormat.Onnx
            => OutputNames.IsOnnx(outputPath) ? OnnxArtifactWriter.Instance : ArtifactWriter.Safetensors,
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "no artifact writer is chosen for this input format; add it to ArtifactWriters.For"),
    };

}
