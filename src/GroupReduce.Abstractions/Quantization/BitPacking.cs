namespace GroupReduce.Abstractions.Quantization;

/// <summary>
/// The bit layout of <see cref="QuantizationScheme.Integer"/> and <see cref="QuantizationScheme.Codebook"/>
/// rows: value <c>j</c> of a row occupies bits <c>[j·b, (j+1)·b)</c> of the row's bytes, least
/// significant bit first; each row starts on a byte boundary and its last byte is zero-padded.
/// Integer values are <c>b</c>-bit two's complement; codebook indices are unsigned.
/// </summary>
public static class BitPacking
{
    /// <summary>Bytes one packed row of <paramref name="columns"/> values of <paramref name="bits"/> bits takes.</summary>
    /// <param name="columns">Values in the row.</param>
    /// <param name="bits">Bits per value, 1 to 8.</param>
    /// <returns>The byte count.</returns>
    public static int RowBytes(int columns, int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 8);
        return (int)(((long)columns * bits + 7) / 8);
    }

    /// <summary>Packs the low <paramref name="bits"/> bits of each value into <paramref name="row"/>.</summary>
    /// <param name="values">The values of one row (signed values are stored as two's complement).</param>
    /// <param name="bits">Bits per value, 1 to 8.</param>
    /// <param name="row"><see cref="RowBytes"/> bytes; overwritten.</param>
    public static void PackRow(ReadOnlySpan<int> values, int bits, Span<byte> row)
    {
        int bytes = RowBytes(values.Length, bits);
        if (row.Length < bytes)
        {
            throw new ArgumentException($"row needs {bytes} bytes, got {row.Length}", nameof(row));
        }

        if (bits == 8)
        {
            for (int j = 0; j < values.Length; j++)
            {
                row[j] = (byte)values[j];
            }

            return;
        }

        row[..bytes].Clear();
        int mask = (1 << bits) - 1;
        long bit = 0;
        for (int j = 0; j < values.Length; j++, bit += bits)
        {
            int value = values[j] & mask;
            int index = (int)(bit >> 3);
            int shift = (int)(bit & 7);
            int shifted = value << shift;
            row[index] |= (byte)shifted;
            if (shift + bits > 8)
            {
                row[index + 1] |= (byte)(shifted >> 8);
            }
        }
    }

    /// <summary>Reads value <paramref name="column"/> of a packed row as an unsigned number.</summary>
    /// <param name="row">The packed row.</param>
    /// <param name="bits">Bits per value, 1 to 8.</param>
    /// <param name="column">Which value.</param>
    /// <returns>The value, from 0 to 2^bits − 1.</returns>
    public static int ReadUnsigned(ReadOnlySpan<byte> row, int bits, int column)
    {
        if (bits == 8)
        {
            return row[column];
        }

        long bit = (long)column * bits;
        int index = (int)(bit >> 3);
        int shift = (int)(bit & 7);
        int word = row[index];
        if (shift + bits > 8)
        {
            word |= row[index + 1] << 8;
        }

        return (word >> shift) & ((1 << bits) - 1);
    }

    /// <summary>Reads value <paramref name="column"/> of a packed row as a signed (two's complement) number.</summary>
    /// <param name="row">The packed row.</param>
    /// <param name="bits">Bits per value, 2 to 8.</param>
    /// <param name="column">Which value.</param>
    /// <returns>The value, from −2^(bits−1) to 2^(bits−1) − 1.</returns>
    public static int ReadSigned(ReadOnlySpan<byte> row, int bits, int column)
    {
        int value = ReadUnsigned(row, bits, column);
        int sign = 1 << (bits - 1);
        return (value ^ sign) - sign;
    }
}
