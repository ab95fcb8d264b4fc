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
}
