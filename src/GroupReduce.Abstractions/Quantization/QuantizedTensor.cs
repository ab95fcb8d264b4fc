using System.Buffers.Binary;

namespace GroupReduce.Abstractions.Quantization;

/// <summary>
/// A <see cref="Rows"/> x <see cref="Columns"/> tensor encoded by one of the format's
/// <see cref="QuantizationScheme"/>s. Construction validates every length, so a quantizer cannot hand
/// the host a tensor whose bytes disagree with its shape. <see cref="Dequantize"/> is the reference
/// decoding that every reader must match.
/// </summary>
public sealed class QuantizedTensor
{
    private QuantizedTensor(QuantizationScheme scheme, int rows, int columns, int bits, int blockSize, byte[] data, float[] scales, ScaleType scaleType, float[] codebook)
    {
        Scheme = scheme;
        Rows = rows;
        Columns = columns;
        Bits = bits;
        BlockSize = blockSize;
        Data = data;
        Scales = scales;
        ScaleType = scaleType;
        Codebook = codebook;
    }

    /// <summary>The encoding.</summary>
    public QuantizationScheme Scheme { get; }

    /// <summary>Rows of the tensor.</summary>
    public int Rows { get; }

    /// <summary>Columns of the tensor.</summary>
    public int Columns { get; }

    /// <summary>Bits per value: 32 or 16 for the float schemes, 2–8 for integers, 1–8 for codebook indices.</summary>
    public int Bits { get; }

    /// <summary>For <see cref="QuantizationScheme.Integer"/>: columns per scale (the last block of a row may be shorter); otherwise 0.</summary>
    public int BlockSize { get; }

    /// <summary>Blocks (scales) per row for <see cref="QuantizationScheme.Integer"/>; otherwise 0.</summary>
    public int BlocksPerRow => BlockSize > 0 ? (Columns + BlockSize - 1) / BlockSize : 0;

    /// <summary>The encoded values: little-endian floats, or packed rows (see <see cref="BitPacking"/>).</summary>
    public byte[] Data { get; }

    /// <summary><c>Rows x BlocksPerRow</c> scales, row-major (empty unless <see cref="QuantizationScheme.Integer"/>).</summary>
    public float[] Scales { get; }

    /// <summary>How <see cref="Scales"/> are stored.</summary>
    public ScaleType ScaleType { get; }

    /// <summary>The <c>2^Bits</c> codebook values (empty unless <see cref="QuantizationScheme.Codebook"/>).</summary>
    public float[] Codebook { get; }

    /// <summary>Bytes the tensor takes in the artifact: data, scales and codebook.</summary>
    public long Bytes => Data.LongLength + ((long)Scales.Length * (ScaleType == ScaleType.Float16 ? 2 : 4)) + ((long)Codebook.Length * 4);

    /// <summary>Bytes one row of the encoded data takes.</summary>
    public int RowBytes => Scheme switch
    {
        QuantizationScheme.Float32 => Columns * 4,
        QuantizationScheme.Float16 or QuantizationScheme.BFloat16 => Columns * 2,
        _ => BitPacking.RowBytes(Columns, Bits),
    };

    /// <summary>The exact bytes a tensor of this encoding takes, without building it.</summary>
    /// <param name="scheme">The encoding.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="bits">Bits per value (ignored for float schemes).</param>
    /// <param name="blockSize">Columns per scale for integers.</param>
    /// <param name="scaleType">Scale storage for integers.</param>
    /// <returns>The byte count.</returns>
    public static long EncodedBytes(QuantizationScheme scheme, long rows, int columns, int bits = 0, int blockSize = 0, ScaleType scaleType = ScaleType.Float16)
    {
        return scheme switch
        {
            QuantizationScheme.Float32 => rows * columns * 4,
            QuantizationScheme.Float16 or QuantizationScheme.BFloat16 => rows * columns * 2,
            QuantizationScheme.Integer => (rows * BitPacking.RowBytes(columns, bits))
                + (rows * ((columns + blockSize - 1) / blockSize) * (scaleType == ScaleType.Float16 ? 2 : 4)),
            QuantizationScheme.Codebook => (rows * BitPacking.RowBytes(columns, bits)) + ((1L << bits) * 4),
            _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
        };
    }

    /// <summary>Creates a float-encoded tensor.</summary>
    /// <param name="scheme"><see cref="QuantizationScheme.Float32"/>, <see cref="QuantizationScheme.Float16"/> or <see cref="QuantizationScheme.BFloat16"/>.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="data">The little-endian values.</param>
    /// <returns>The tensor.</returns>
    public static QuantizedTensor CreateFloat(QuantizationScheme scheme, int rows, int columns, byte[] data)
    {
        int size = scheme switch
        {
            QuantizationScheme.Float32 => 4,
            QuantizationScheme.Float16 or QuantizationScheme.BFloat16 => 2,
            _ => throw new ArgumentException($"{scheme} is not a float scheme", nameof(scheme)),
        };
        CheckShape(rows, columns);
        ArgumentNullException.ThrowIfNull(data);
        CheckLength("data", data.LongLength, (long)rows * columns * size);
        return new QuantizedTensor(scheme, rows, columns, size * 8, 0, data, [], ScaleType.Float32, []);
    }

    /// <summary>Creates a symmetric-integer tensor.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="bits">Bits per value, 2 to 8.</param>
    /// <param name="blockSize">Columns per scale, 1 to <paramref name="columns"/>.</param>
    /// <param name="data">Packed rows.</param>
    /// <param name="scales"><c>rows x ceil(columns / blockSize)</c> finite, non-negative scales.</param>
    /// <param name="scaleType">How scales are stored; float16 scales must be exactly representable.</param>
    /// <returns>The tensor.</returns>
    public static QuantizedTensor CreateInteger(int rows, int columns, int bits, int blockSize, byte[] data, float[] scales, ScaleType scaleType)
    {
        CheckShape(rows, columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, Math.Max(columns, 1));
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(scales);
        CheckLength("data", data.LongLength, (long)rows * BitPacking.RowBytes(columns, bits));
        CheckLength("scales", scales.LongLength, (long)rows * ((columns + blockSize - 1) / blockSize));
        foreach (float scale in scales)
        {
            if (!float.IsFinite(scale) || scale < 0)
            {
                throw new ArgumentException($"scale {scale} is not a finite non-negative number", nameof(scales));
            }

            if (scaleType == ScaleType.Float16 && (float)(Half)scale != scale)
            {
                throw new ArgumentException($"scale {scale} is not representable as float16; round it or use float32 scales", nameof(scales));
            }
        }

        return new QuantizedTensor(QuantizationScheme.Integer, rows, columns, bits, blockSize, data, scales, scaleType, []);
    }

    /// <summary>Creates a codebook tensor.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="bits">Bits per index, 1 to 8.</param>
    /// <param name="data">Packed index rows.</param>
    /// <param name="codebook"><c>2^bits</c> finite values.</param>
    /// <returns>The tensor.</returns>
    public static QuantizedTensor CreateCodebook(int rows, int columns, int bits, byte[] data, float[] codebook)
    {
        CheckShape(rows, columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 8);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(codebook);
        CheckLength("data", data.LongLength, (long)rows * BitPacking.RowBytes(columns, bits));
        CheckLength("codebook", codebook.LongLength, 1L << bits);
        foreach (float value in codebook)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException($"codebook value {value} is not finite", nameof(codebook));
            }
        }

        return new QuantizedTensor(QuantizationScheme.Codebook, rows, columns, bits, 0, data, [], ScaleType.Float32, codebook);
    }

    /// <summary>Decodes the tensor into <paramref name="destination"/> (<c>Rows * Columns</c> values, row-major).</summary>
    /// <param name="destination">Where the values go.</param>
    public void Dequantize(Span<float> destination)
    {
        if (destination.Length < (long)Rows * Columns)
        {
            throw new ArgumentException($"destination needs {(long)Rows * Columns} values", nameof(destination));
        }

        for (int row = 0; row < Rows; row++)
        {
            DequantizeRow(row, destination.Slice(row * Columns, Columns));
        }
    }

    /// <summary>Decodes one row.</summary>
    /// <param name="row">The row index.</param>
    /// <param name="destination"><see cref="Columns"/> values.</param>
    public void DequantizeRow(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        int rowBytes = RowBytes;
        ReadOnlySpan<byte> bytes = Data.AsSpan(row * rowBytes, rowBytes);
        switch (Scheme)
        {
            case QuantizationScheme.Float32:
                for (int j = 0; j < Columns; j++)
                {
                    destination[j] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(j * 4)..]);
                }

                break;
            case QuantizationScheme.Float16:
                for (int j = 0; j < Columns; j++)
                {
                    destination[j] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(j * 2)..]);
                }

                break;
            case QuantizationScheme.BFloat16:
                for (int j = 0; j < Columns; j++)
                {
                    destination[j] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(j * 2)..]) << 16);
                }

                break;
            case QuantizationScheme.Integer:
                int blocks = BlocksPerRow;
                for (int j = 0; j < Columns; j++)
                {
                    destination[j] = BitPacking.ReadSigned(bytes, Bits, j) * Scales[(row * blocks) + (j / BlockSize)];
                }

                break;
            case QuantizationScheme.Codebook:
                for (int j = 0; j < Columns; j++)
                {
                    destination[j] = Codebook[BitPacking.ReadUnsigned(bytes, Bits, j)];
                }

                break;
        }
    }

    private static void CheckShape(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
    }

    private static void CheckLength(string what, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{what} has {actual} entries; the shape needs {expected}", what);
        }
    }
}
