using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
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
    public static FactorPart Read(MappedSafetensors file, JsonElement json, int columns, string where)
    {
        long firstRow = json.GetProperty("first_row").GetInt64();
        int rows = json.GetProperty("rows").GetInt32();
        int partColumns = json.GetProperty("columns").GetInt32();
        string schemeText = json.GetProperty("scheme").GetString() ?? string.Empty;
        int bits = json.GetProperty("bits").GetInt32();
        int block = json.TryGetProperty("block", out JsonElement b) && b.ValueKind == JsonValueKind.Number ? b.GetInt32() : 0;
        string dataName = json.GetProperty("data").GetString() ?? string.Empty;
        if (rows < 0 || firstRow < 0 || partColumns != columns)
        {
            throw file.Corrupt($"{where}: a part of {rows} rows x {partColumns} columns from row {firstRow} does not fit a block of {columns} columns");
        }

        PartScheme scheme = schemeText switch
        {
            "f32" => PartScheme.Float32,
            "f16" => PartScheme.Float16,
            "bf16" => PartScheme.BFloat16,
            "int" => PartScheme.Integer,
            "codebook" => PartScheme.Codebook,
            _ => throw file.Corrupt($"{where}: unknown scheme '{schemeText}'"),
        };

        int packedBytes = (int)(((long)columns * bits + 7) / 8);
        (string[] dtypes, int rowBytes) = scheme switch
        {
            PartScheme.Float32 => (new[] { "F32" }, columns * 4),
            PartScheme.Float16 => (["F16"], columns * 2),
            PartScheme.BFloat16 => (["BF16"], columns * 2),
            PartScheme.Integer when bits == 8 => (["I8"], columns),
            PartScheme.Integer when bits is >= 2 and < 8 => (["U8"], packedBytes),
            PartScheme.Codebook when bits is >= 1 and <= 8 => (["U8"], packedBytes),
            _ => throw file.Corrupt($"{where}: {bits} bits is not valid for scheme '{schemeText}'"),
        };

        TensorEntry data = file.Require(dataName, where, dtypes);
        if (data.Shape.Length != 2 || data.Shape[0] != rows || data.Length != (long)rows * rowBytes)
        {
            throw file.Corrupt($"{where}: tensor '{dataName}' is {data.ShapeText}; expected {rows} rows of {rowBytes} bytes");
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

            string scalesName = json.GetProperty("scales").GetString() ?? string.Empty;
            TensorEntry scaleEntry = file.Require(scalesName, where + " scales", "F32", "F16");
            int perRow = (columns + block - 1) / block;
            if (scaleEntry.Elements != (long)rows * perRow)
            {
                throw file.Corrupt($"{where}: scales '{scalesName}' is {scaleEntry.ShapeText}; expected [{rows}, {perRow}]");
            }

            scales = file.Pointer(scaleEntry);
            scalesHalf = scaleEntry.DType == "F16";
        }
        else if (scheme == PartScheme.Codebook)
        {
            string tableName = json.GetProperty("codebook").GetString() ?? string.Empty;
            TensorEntry table = file.Require(tableName, where + " codebook", "F32");
            if (table.Elements != 1L << bits)
            {
                throw file.Corrupt($"{where}: codebook '{tableName}' has {table.Elements} entries; {bits} bits need {1 << bits}");
            }

            codebook = MemoryMarshal.Cast<byte, float>(file.Bytes(table)).ToArray();
        }

        return new FactorPart(firstRow, rows, columns, scheme, bits, block, file.Pointer(data), rowBytes, scales, scalesHalf, codebook);
    }

    /// <summary>The row as float32 values straight from the file, when the part stores float32; else empty.</summary>
    /// <param name="row">The row within the part.</param>
    /// <returns>The values, or an empty span.</returns>
    public ReadOnlySpan<float> DirectRow(int row) =>
        Scheme == PartScheme.Float32 ? new ReadOnlySpan<float>(_data + ((long)row * _rowBytes), Columns) : default;

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
                for (int j = 0; j < columns; j++)
                {
                    destination[j] = BitConverter.Int32BitsToSingle(((ushort*)source)[j] << 16);
                }

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

    private void DecodeInteger(int row, byte* source, Span<float> destination)
    {
        int columns = Columns;
        int block = Block;
        long scaleRow = (long)row * _scalesPerRow;
        for (int s = 0; s < _scalesPerRow; s++)
        {
            float scale = _scalesHalf ? (float)BinaryPrimitives.ReadHalfLittleEndian(new ReadOnlySpan<byte>(_scales + ((scaleRow + s) * 2), 2)) : ((float*)_scales)[scaleRow + s];
            int end = Math.Min(columns, (s + 1) * block);
            if (Bits == 8)
            {
                sbyte* values = (sbyte*)source;
                for (int j = s * block; j < end; j++)
                {
                    destination[j] = values[j] * scale;
                }
            }
            else
            {
                int shift = 32 - Bits;
                for (int j = s * block; j < end; j++)
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
