namespace GroupReduce.Core.Reporting;

/// <summary>The written artifact.</summary>
/// <param name="Path">Where it is.</param>
/// <param name="FileBytes">The file's size (passed-through tensors and header included).</param>
/// <param name="CompressedBytes">Bytes of the tensors that replace the matrices (equals the result's bytes).</param>
/// <param name="Hash">
/// The artifact file's content hash (<c>xxh128:&lt;hex&gt;</c>, as the model's): a report whose hash differs from the
/// artifact beside it describes another artifact (a run killed between renaming its reports and its artifact).
/// </param>
public sealed record ArtifactReport(string Path, long FileBytes, long CompressedBytes, string Hash)
{
    /// <summary>The external data file an ONNX artifact refers to (docs/onnx.md), or null when it has none.</summary>
    public string? DataPath { get; init; }

    /// <summary>The data file's size in bytes (0 without one).</summary>
    public long DataBytes { get; init; }

    /// <summary>The data file's content hash, or null.</summary>
    public string? DataHash { get; init; }
}
