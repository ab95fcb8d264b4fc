namespace GroupReduce.Runtime.Format;

/// <summary>The codes the runtime reports (the GR2xxx model-file range; docs/errors.md).</summary>
internal static class ArtifactErrorCodes
{
    /// <summary>The file is damaged or inconsistent: header, manifest, tensor shapes or offsets.</summary>
    public const string Corrupt = "GR2040";

    /// <summary>The file is a model file but not a GroupReduce artifact (no manifest).</summary>
    public const string NotAnArtifact = "GR2041";

    /// <summary>The artifact was written in a format version this library does not read.</summary>
    public const string UnknownVersion = "GR2042";
}
