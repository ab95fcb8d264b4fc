namespace GroupReduce.Core.Artifacts;

/// <summary>The model an artifact was made from.</summary>
/// <param name="File">The file's name (no folder, so the artifact does not depend on where the build ran).</param>
/// <param name="Format">The detected format.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Hash">The file's content hash, <c>xxh128:&lt;32 hex digits&gt;</c> (XXH3-128).</param>
public sealed record ManifestInput(string File, string Format, long Bytes, string Hash);
