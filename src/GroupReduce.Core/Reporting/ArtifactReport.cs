namespace GroupReduce.Core.Reporting;

/// <summary>The written artifact.</summary>
/// <param name="Path">Where it is.</param>
/// <param name="FileBytes">The file's size (passed-through tensors and header included).</param>
/// <param name="CompressedBytes">Bytes of the tensors that replace the matrices (equals the result's bytes).</param>
/// <param name="Hash">
/// The artifact file's content hash (<c>xxh128:&lt;hex&gt;</c>, as the model's): a report whose hash differs from the
/// artifact beside it describes another artifact (a run killed between renaming its reports and its artifact).
/// </param>
public sealed record ArtifactReport(string Path, long FileBytes, long CompressedBytes, string Hash);
