namespace GroupReduce.Core.Reporting;

/// <summary>The written artifact.</summary>
/// <param name="Path">Where it is.</param>
/// <param name="FileBytes">The file's size (passed-through tensors and header included).</param>
/// <param name="CompressedBytes">Bytes of the tensors that replace the matrices (equals the result's bytes).</param>
public sealed record ArtifactReport(string Path, long FileBytes, long CompressedBytes);
