namespace GroupReduce.Runtime.Format;

/// <summary>
/// The keys the artifact adds to the safetensors <c>__metadata__</c> (docs/format.md, section 2). Every other key is the
/// input's own and travels unchanged.
/// </summary>
public static class MetadataKeys
{
    /// <summary>The format version, as text (<see cref="ArtifactFormat.VersionText"/>); a reader checks it first.</summary>
    public const string FormatVersion = "groupreduce.format_version";

    /// <summary>The manifest: JSON that says what every compressed tensor means.</summary>
    public const string Manifest = "groupreduce.manifest";

    /// <summary>The YAML spec the artifact was made with, verbatim.</summary>
    public const string Spec = "groupreduce.spec";

    /// <summary>
    /// For a GGUF input only: its metadata verbatim, base64 of a GGUF file with no tensors (the input's magic, version, a
    /// tensor count of 0, then every key/value as stored), which <c>groupreduce export --format gguf</c> writes back.
    /// </summary>
    public const string GgufMetadata = "groupreduce.gguf.metadata";

    /// <summary>
    /// Whether a key is one of the artifact's own: when the input is itself an artifact, these are written anew rather
    /// than copied from it.
    /// </summary>
    /// <param name="key">A metadata key.</param>
    /// <returns>Whether it is <see cref="FormatVersion"/>, <see cref="Manifest"/>, <see cref="Spec"/> or <see cref="GgufMetadata"/> (which describes the input's container, so it is written only for a GGUF input).</returns>
    public static bool IsArtifactKey(string key) => key is FormatVersion or Manifest or Spec or GgufMetadata;
}
