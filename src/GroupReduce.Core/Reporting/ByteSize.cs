using System.Globalization;

namespace GroupReduce.Core.Reporting;

/// <summary>
/// Byte counts for people, in one convention everywhere the tool prints or reports a size: binary units with their IEC
/// names (1 KiB = 1,024 bytes, 1 MiB = 1,024 KiB), as the README and docs give sizes. Exact counts stay plain numbers.
/// </summary>
public static class ByteSize
{
    /// <summary>Formats a byte count: <c>312 B</c>, <c>811.13 KiB</c>, <c>5.23 MiB</c>, <c>1.5 GiB</c>.</summary>
    /// <param name="bytes">The count.</param>
    /// <returns>The text.</returns>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.##} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.##} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.##} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
