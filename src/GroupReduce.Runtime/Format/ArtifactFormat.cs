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
    /// The widest matrix a reader accepts (2^20 columns). A width is the length of every hidden state an app allocates
    /// and passes in, and no language model's is near it; a sparse matrix's width is otherwise bounded by no stored data,
    /// so without the limit a lying manifest could make an app allocate gigabytes for one input vector.
    /// </summary>
    public const int MaxColumns = 1 << 20;

    /// <summary>
    /// <see cref="Version"/> as it is stored under <see cref="MetadataKeys.FormatVersion"/>: safetensors metadata values
    /// are strings, written with the invariant culture so that every machine writes the same bytes.
    /// </summary>
    public static string VersionText { get; } = Version.ToString(CultureInfo.InvariantCulture);
}
