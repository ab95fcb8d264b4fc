using System.Globalization;

namespace GroupReduce.Runtime.Format;

/// <summary>
/// The version of the artifact format (docs/format.md): the one number the writer stamps into every artifact and
/// the reader checks first. It changes only when a reader of the previous version would misread a file.
/// </summary>
public static class ArtifactFormat
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int Version = 1;

    /// <summary>
    /// <see cref="Version"/> as it is stored under <see cref="MetadataKeys.FormatVersion"/>: safetensors metadata values
    /// are strings, written with the invariant culture so that every machine writes the same bytes.
    /// </summary>
    public static string VersionText { get; } = Version.ToString(CultureInfo.InvariantCulture);
}
