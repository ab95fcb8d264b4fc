using System.Globalization;

namespace GroupReduce.Core.Models.Readers;

/// <summary>Byte-level pieces of the word2vec/GloVe text formats, shared by the detector and the reader.</summary>
internal static class EmbeddingText
{
    /// <summary>Whether a byte separates fields (space or tab).</summary>
    /// <param name="b">The byte.</param>
    /// <returns>Whether it is a separator.</returns>
    public static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>Drops a trailing carriage return and trailing separators.</summary>
    /// <param name="line">A line without its newline.</param>
    /// <returns>The trimmed line.</returns>
    public static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> line)
    {
        int end = line.Length;
        while (end > 0 && (line[end - 1] == (byte)'\r' || IsSeparator(line[end - 1])))
        {
            end--;
        }

        return line[..end];
    }

    /// <summary>Takes the next field, skipping leading separators.</summary>
    /// <param name="line">The rest of the line; advanced past the field.</param>
    /// <param name="start">The field's offset from the start of <paramref name="line"/> as passed in.</param>
    /// <returns>The field, empty when the line has no more.</returns>
    public static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> line, out int start)
    {
        int i = 0;
        while (i < line.Length && IsSeparator(line[i]))
        {
            i++;
        }

        int end = i;
        while (end < line.Length && !IsSeparator(line[end]))
        {
            end++;
        }

        start = i;
        ReadOnlySpan<byte> field = line[i..end];
        line = line[end..];
        return field;
    }

    /// <summary>Parses a float written with the invariant culture (<c>1.5e-3</c>, <c>-0.25</c>, <c>NaN</c>).</summary>
    /// <param name="field">The UTF-8 text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParseFloat(ReadOnlySpan<byte> field, out float value) =>
        float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a word2vec header line: two non-negative integers, rows then columns.</summary>
    /// <param name="line">The line without its newline.</param>
    /// <param name="rows">The row count.</param>
    /// <param name="columns">The column count.</param>
    /// <returns>Whether the line is exactly two integers.</returns>
    public static bool TryParseHeader(ReadOnlySpan<byte> line, out long rows, out long columns)
    {
        rows = 0;
        columns = 0;
        line = TrimEnd(line);
        ReadOnlySpan<byte> first = NextField(ref line, out _);
        ReadOnlySpan<byte> second = NextField(ref line, out _);
        return !first.IsEmpty && !second.IsEmpty && NextField(ref line, out _).IsEmpty
            && IsDigits(first) && IsDigits(second)
            && long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out rows)
            && long.TryParse(second, NumberStyles.None, CultureInfo.InvariantCulture, out columns);
    }

    private static bool IsDigits(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }
}
