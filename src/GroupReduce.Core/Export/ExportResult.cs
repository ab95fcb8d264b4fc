namespace GroupReduce.Core.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Format">The format written.</param>
/// <param name="OutputPath">The full path of the output (a file, or the npy folder).</param>
/// <param name="Files">Every file written, full paths (the ONNX model and its external data file; each .npy and index.json).</param>
/// <param name="Tensors">How many tensors were written.</param>
/// <param name="RebuiltTensors">The names rebuilt from compressed matrices (each matrix's own name and those tied to it).</param>
/// <param name="Bytes">The bytes written, all files together.</param>
public sealed record ExportResult(ExportFormat Format, string OutputPath, IReadOnlyList<string> Files, int Tensors, IReadOnlyList<string> RebuiltTensors, long Bytes);
