using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Runtime.Storage;

/// <summary>
/// One encoded row range of a factor block, decoded a row at a time straight from the mapped file:
/// quantized factors are never expanded whole.
/// </summary>
internal sealed unsafe class FactorPart
{
    private readonly byte* _data;
    private readonly int _rowBytes;
    private readonly byte* _scales;
    private readonly bool _scalesHalf;
    private readonly int _scalesPerRow;
    private readonly float[]? _codebook;

    private FactorPart(long firstRow, int rows, int columns, PartScheme scheme, int bits, int block, byte* data, int rowBytes, byte* scales, bool scalesHalf, float[]? codebook)
    {
        FirstRow = firstRow;
        Rows = rows;
        Columns = columns;
        Scheme = scheme;
        Bits = bits;
        Block = block;
        _data = data;
        _rowBytes = rowBytes;
        _scales = scales;
        _scalesHalf = scalesHalf;
        _scalesPerRow = block > 0 ? (columns + block - 1) / block : 0;
        _codebook = codebook;
    }

    /// <summary>The part's first row within its block.</summary>
    public long FirstRow { get; }

    /// <summary>Rows in the part.</summary>
    public int Rows { get; }

    /// <summary>Values per row.</summary>
    public int Columns { get; }

    /// <summary>The encoding.</summary>
    public PartScheme Scheme { get; }

    /// <summary>Bits per value.</summary>
    public int Bits { get; }

    /// <summary>Columns per scale (integer scheme).</summary>
    public int Block { get; }

    /// <summary>Reads a part's description from the manifest and checks its tensors against the file.</summary>
    /// <param name="file">The artifact.</param>
    /// <param name="json">The part's manifest object.</param>
    /// <param name="columns">The block's column count.</param>
    /// <param name="where">Where in the manifest, for messages.</param>
    /// <returns>The part.</returns>
    public static FactorPart Read(MappedSafetensors file, JsonField json, int columns, string where)
    {
        long firstRow = json.Required("first_row").Int64(0, long.MaxValue);
        int rows = json.Required("rows").Int32(0, int.MaxValue);
        JsonField columnsField = json.Required("columns");
        if (columnsField.Int32(0, int.MaxValue) != columns)
        {
            throw columnsField.Fail($"is {columnsField.Value.GetRawText()}; {where} belongs to a block of {columns} columns");
        }

        JsonField schemeField = json.Required("scheme");
        string schemeText = schemeField.String();
        int bits = json.Required("bits").Int32(0, int.MaxValue);
        int block = json.Optional("block")?.Int32(0, int.MaxValue) ?? 0;
        string dataName = json.Required("data").Name();
        PartScheme scheme = schemeText switch
        {
            PartSchemes.Float32 => PartScheme.Float32,
            PartSchemes.Float16 => PartScheme.Float16,
            PartSchemes.BFloat16 => PartScheme.BFloat16,
            PartSchemes.Integer => PartScheme.Integer,
            PartSchemes.Codebook => PartScheme.Codebook,
            _ => throw schemeField.Fail($"is {Quoted.Of(schemeText)}; expected {PartSchemes.Float32}, {PartSchemes.Float16}, {PartSchemes.BFloat16}, {PartSchemes.Integer} or {PartSchemes.Codebook}"),
        };

        // The data tensor's second dimension: values for the element types, bytes for the bit-packed ones.
        long packedBytes = (((long)columns * bits) + 7) / 8;
        (string[] dtypes, long width, int elementBytes) = scheme switch
        {
            PartScheme.Float32 => (new[] { "F32" }, (long)columns, 4),
            PartScheme.Float16 => (["F16"], columns, 2),
            PartScheme.BFloat16 => (["BF16"], columns, 2),
            PartScheme.Integer when bits == 8 => (["I8"], columns, 1),
            PartScheme.Integer when bits is >= 2 and < 8 => (["U8"], packedBytes, 1),
            PartScheme.Codebook when bits is >= 1 and <= 8 => (["U8"], packedBytes, 1),
            _ => throw json.Required("bits").Fail($"is {bits}, which is not valid for scheme '{schemeText}'"),
        };

        long rowBytes = width * elementBytes;
        if (rowBytes > int.MaxValue)
        {
            throw file.Corrupt($"{where}: a row of {columns} columns takes {rowBytes} bytes, more than this runtime addresses in one row");
        }

        TensorEntry data = file.Require(dataName, where, dtypes);
        if (data.Shape is not [long dataRows, long dataWidth] || dataRows != rows || dataWidth != width)
        {
            throw file.Corrupt($"{where}: tensor {Quoted.Of(dataName)} is {data.DType} {data.ShapeText}; the part needs [{rows}, {width}]");
        }

        byte* scales = null;
        bool scalesHalf = false;
        float[]? codebook = null;
        if (scheme == PartScheme.Integer)
        {
            if (block < 1)
            {
                throw file.Corrupt($"{where}: an integer part needs a block of at least 1 column, not {block}");
            }

            string scalesName = json.Required("scales").Name();
            TensorEntry scaleEntry = file.Require(scalesName, where + " scales", "F32", "F16");
            long perRow = ((long)columns + block - 1) / block;
            if (scaleEntry.Elements != rows * perRow)
            {
                throw file.Corrupt($"{where}: scales {Quoted.Of(scalesName)} is {scaleEntry.ShapeText}; expected [{rows}, {perRow}]");
            }

            scales = file.Pointer(scaleEntry);
            scalesHalf = scaleEntry.DType == "F16";
        }
        else if (scheme == PartScheme.Codebook)
        {
            string tableName = json.Required("codebook").Name();
            TensorEntry table = file.Require(tableName, where + " codebook", "F32");
            if (table.Elements != 1L << bits)
            {
                throw file.Corrupt($"{where}: codebook {Quoted.Of(tableName)} has {table.Elements} entries; {bits} bits need {1 << bits}");
            }

            codebook = MemoryMarshal.Cast<byte, float>(file.Bytes(table)).ToArray();
        }

        return new FactorPart(firstRow, rows, columns, scheme, bits, block, file.Pointer(data), (int)rowBytes, scales, scalesHalf, codebook);
    }

    /// <summary>The row as float32 values straight from the file, when the part stores float32; else empty.</summary>
    /// <param name="row">The row within the part.</param>
    /// <returns>The values, or an empty span.</returns>
    public ReadOnlySpan<float> DirectRow(int row) => DirectRows(row, 1);

    /// <summary>Consecutive rows as float32 values straight from the file, when the part stores float32; else empty.</summary>
    /// <param name="first">The first row within the part.</param>
    /// <param name="count">The number of rows.</param>
    /// <returns>The values, row-major, or an empty span.</returns>
    public ReadOnlySpan<float> DirectRows(int first, int count) =>
        Scheme == PartScheme.Float32 ? new ReadOnlySpan<float>(_data + ((long)first * _rowBytes), count * Columns) : default;

    /// <summary>Bytes per stored row.</summary>
    public int RowBytes => _rowBytes;

    /// <summary>Scales per row (integer scheme; 0 otherwise).</summary>
    public int ScalesPerRow => _scalesPerRow;

    /// <summary>Consecutive rows' stored bytes, as the file holds them.</summary>
    /// <param name="first">The first row within the part.</param>
    /// <param name="count">The number of rows.</param>
    /// <returns><c>count · </c><see cref="RowBytes"/> bytes.</returns>
    public ReadOnlySpan<byte> StoredRows(int first, int count)
    {
        if ((uint)first > (uint)Rows || (uint)count > (uint)(Rows - first))
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The rows are outside the part.");
        }

        return new ReadOnlySpan<byte>(_data + ((long)first * _rowBytes), checked(count * _rowBytes));
    }

    /// <summary>Consecutive rows' scales as float (integer scheme): <see cref="ScalesPerRow"/> per row.</summary>
    /// <param name="first">The first row within the part.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="destination">At least <c>count · </c><see cref="ScalesPerRow"/> values.</param>
    public void ReadScales(int first, int count, Span<float> destination)
    {
        if (Scheme != PartScheme.Integer || (uint)first > (uint)Rows || (uint)count > (uint)(Rows - first) || destination.Length < (long)count * _scalesPerRow)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The part has no scales, the rows are outside it or the destination is too short.");
        }

        int values = count * _scalesPerRow;
        long at = (long)first * _scalesPerRow;
        if (_scalesHalf)
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(_scales + (at * 2), values), destination[..values]);
        }
        else
        {
            new ReadOnlySpan<float>(_scales + (at * 4), values).CopyTo(destination);
        }
    }

    /// <summary>Decodes consecutive rows.</summary>
    /// <param name="first">The first row within the part.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="destination">At least <c>count · </c><see cref="Columns"/> values; receives the rows, row-major.</param>
    public void DecodeRows(int first, int count, Span<float> destination)
    {
        if ((uint)first > (uint)Rows || (uint)count > (uint)(Rows - first) || destination.Length < (long)count * Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The rows are outside the part or the destination is too short.");
        }

        // Rows of the float schemes are contiguous, so one conversion covers them all.
        int values = count * Columns;
        byte* source = _data + ((long)first * _rowBytes);
        switch (Scheme)
        {
            case PartScheme.Float32:
                new ReadOnlySpan<float>(source, values).CopyTo(destination);
                return;
            case PartScheme.Float16:
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(source, values), destination[..values]);
                return;
            case PartScheme.BFloat16:
                WidenBFloat16((ushort*)source, destination[..values]);
                return;
            default:
                for (int k = 0; k < count; k++)
                {
                    DecodeRow(first + k, destination.Slice(k * Columns, Columns));
                }

                return;
        }
    }

    /// <summary>Decodes one row.</summary>
    /// <param name="row">The row within the part.</param>
    /// <param name="destination">At least <see cref="Columns"/> values.</param>
    public void DecodeRow(int row, Span<float> destination)
    {
        byte* source = _data + ((long)row * _rowBytes);
        int columns = Columns;
        switch (Scheme)
        {
            case PartScheme.Float32:
                new ReadOnlySpan<float>(source, columns).CopyTo(destination);
                break;
            case PartScheme.Float16:
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(source, columns), destination[..columns]);
                break;
            case PartScheme.BFloat16:
                WidenBFloat16((ushort*)source, destination[..columns]);
                break;
            case PartScheme.Integer:
                DecodeInteger(row, source, destination);
                break;
            default:
                for (int j = 0; j < columns; j++)
                {
                    destination[j] = _codebook![Field(source, j)];
                }

                break;
        }
    }

    // bfloat16 is the top half of a float32: widen to 32 bits and shift into place.
    private static void WidenBFloat16(ushort* source, Span<float> destination)
    {
        int j = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            fixed (float* target = destination)
            {
                for (; j + Vector128<ushort>.Count <= destination.Length; j += Vector128<ushort>.Count)
                {
                    (Vector128<uint> lower, Vector128<uint> upper) = Vector128.Widen(Vector128.Load(source + j));
                    Vector128.ShiftLeft(lower, 16).AsSingle().Store(target + j);
                    Vector128.ShiftLeft(upper, 16).AsSingle().Store(target + j + Vector128<uint>.Count);
                }
            }
        }

        for (; j < destination.Length; j++)
        {
            destination[j] = BitConverter.Int32BitsToSingle(source[j] << 16);
        }
    }

    // q · scale for signed bytes: widened 8 → 16 → 32 bits and converted sixteen at a time.
    private static void WidenInt8(sbyte* source, float scale, Span<float> destination)
    {
        int j = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> factor = Vector128.Create(scale);
            fixed (float* target = destination)
            {
                for (; j + Vector128<sbyte>.Count <= destination.Length; j += Vector128<sbyte>.Count)
                {
                    (Vector128<short> low, Vector128<short> high) = Vector128.Widen(Vector128.Load(source + j));
                    (Vector128<int> a, Vector128<int> b) = Vector128.Widen(low);
                    (Vector128<int> c, Vector128<int> d) = Vector128.Widen(high);
                    (Vector128.ConvertToSingle(a) * factor).Store(target + j);
                    (Vector128.ConvertToSingle(b) * factor).Store(target + j + 4);
                    (Vector128.ConvertToSingle(c) * factor).Store(target + j + 8);
                    (Vector128.ConvertToSingle(d) * factor).Store(target + j + 12);
                }
            }
        }

        for (; j < destination.Length; j++)
        {
            destination[j] = source[j] * scale;
        }
    }

    private void DecodeInteger(int row, byte* source, Span<float> destination)
    {
        int columns = Columns;
        int block = Block;
        long scaleRow = (long)row * _scalesPerRow;
        for (int s = 0; s < _scalesPerRow; s++)
        {
            float scale = _scalesHalf ? (float)BinaryPrimitives.ReadHalfLittleEndian(new ReadOnlySpan<byte>(_scales + ((scaleRow + s) * 2), 2)) : ((float*)_scales)[scaleRow + s];
            int start = s * block;
            int end = Math.Min(columns, start + block);
            if (Bits == 8)
            {
                WidenInt8((sbyte*)source + start, scale, destination[start..end]);
            }
            else if (Bits == 4 && (start & 1) == 0)
            {
                // Two fields per byte, low nibble first: shift each into the top of an sbyte to sign-extend it.
                int j = start;
                for (; j + 1 < end; j += 2)
                {
                    byte packed = source[j >> 1];
                    destination[j] = ((sbyte)(packed << 4) >> 4) * scale;
                    destination[j + 1] = ((sbyte)packed >> 4) * scale;
                }

                if (j < end)
                {
                    destination[j] = ((sbyte)(source[j >> 1] << 4) >> 4) * scale;
                }
            }
            else
            {
                int shift = 32 - Bits;
                for (int j = start; j < end; j++)
                {
                    // Sign-extend the two's complement field.
                    destination[j] = ((int)((uint)Field(source, j) << shift) >> shift) * scale;
                }
            }
        }
    }

    // Value j occupies bits [j·bits, (j+1)·bits) of the row, least significant bit first; it may straddle two bytes.
    private int Field(byte* row, int column)
    {
        int bits = Bits;
        long bit = (long)column * bits;
        int at = (int)(bit >> 3);
        int offset = (int)(bit & 7);
        int word = row[at];
        if (offset + bits > 8)
        {
            word |= row[at + 1] << 8;
        }

        return (word >> offset) & ((1 << bits) - 1);
    }
}
