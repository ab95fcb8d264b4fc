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

    /// <summary>
    /// <see cref="CompressedModel.Head"/> was called without names and the artifact's compressed matrices do not say which
    /// is the softmax (or the embedding it found has another vocabulary); the message lists the names looked for.
    /// </summary>
    public const string HeadNotFound = "GR2043";

    /// <summary>A well-formed tensor is too large to read into one array of this runtime (over 2^31 − 1 elements or bytes).</summary>
    public const string TensorTooLarge = "GR2044";
}
