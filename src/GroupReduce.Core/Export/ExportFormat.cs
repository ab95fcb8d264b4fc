namespace GroupReduce.Core.Export;

/// <summary>What <see cref="ArtifactExporter"/> writes: the dense model as an ordinary checkpoint (docs/cli.md, <c>groupreduce export</c>).</summary>
public enum ExportFormat
{
    /// <summary>One safetensors file.</summary>
    Safetensors,

    /// <summary>An ONNX model whose graph holds every tensor as an initializer (external data above 2 GB).</summary>
    Onnx,

    /// <summary>A folder of NumPy <c>.npy</c> files, one per tensor, with an <c>index.json</c>.</summary>
    Npy,

    /// <summary>One GGUF file as llama.cpp loads it, for an artifact made from a GGUF model: its metadata verbatim, its other tensors in their GGML types.</summary>
    Gguf,
}
