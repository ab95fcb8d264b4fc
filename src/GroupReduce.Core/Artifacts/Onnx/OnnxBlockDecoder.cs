using GroupReduce.Abstractions.Quantization;
using GroupReduce.Core.Storage;
using GroupReduce.Runtime.Format;
using Google.Protobuf;
using DataType = Onnx.TensorProto.Types.DataType;

namespace GroupReduce.Core.Artifacts.Onnx;

/// <summary>
/// Turns one stored block (a factor or a dense group, split in parts) into ONNX initializers and the standard-operator
/// nodes that decode them to a float32 <c>[rows, columns]</c> value. What the file holds per encoding (docs/onnx.md):
/// <list type="bullet">
/// <item>f32 as FLOAT; f16 and bf16 as FLOAT16 / BFLOAT16 widened by <c>Cast</c>;</item>
/// <item>int8 with one scale per row as INT8 through <c>DequantizeLinear</c> (per-axis, opset 13 and later);</item>
/// <item>int with scale blocks shorter than a row, int below 8 bits, or int8 before opset 13 as INT8 (one value per byte)
/// times its scales gathered per column (<c>Cast</c>, <c>Gather</c>, <c>Mul</c>) — dequantized when the session loads;</item>
/// <item>codebook as UINT8 indices (one per byte) into a FLOAT table (<c>Cast</c>, <c>Gather</c>).</item>
/// </list>
/// Every node reads initializers only, so ONNX Runtime folds them once when it loads the model.
/// </summary>
internal static class OnnxBlockDecoder
{
    /// <summary>The float32 value of a block. Call inside <see cref="OnnxGraphBuilder.InPrefix{T}"/>.</summary>
    /// <param name="builder">The graph builder.</param>
    /// <param name="blockName">The block's tensor name stem (<see cref="TensorNames.UBlock"/> and friends).</param>
    /// <param name="block">The block.</param>
    /// <param name="opset">The model's default-domain opset.</param>
    /// <returns>The value's name.</returns>
    public static string Decode(OnnxGraphBuilder builder, string blockName, StoredBlock block, long opset)
    {
        var parts = new List<string>(block.Parts.Count);
        for (int k = 0; k < block.Parts.Count; k++)
        {
            EncodedPart part = block.Parts[k].Encoded ?? throw new InvalidOperationException("a baseline's sizes-only result cannot be written");
            parts.Add(DecodePart(builder, TensorNames.Part(blockName, k), part, opset));
        }

        return parts.Count == 1 ? parts[0] : builder.Add("Concat", blockName, parts, OnnxGraphBuilder.Int("axis", 0));
    }

    private static string DecodePart(OnnxGraphBuilder builder, string name, EncodedPart part, long opset)
    {
        byte[] data = Bytes(part);
        long[] dims = [part.Rows, part.Columns];
        switch (part.Scheme)
        {
            case QuantizationScheme.Float32:
                return builder.Initializer(name, DataType.Float, dims, ByteString.CopyFrom(data));
            case QuantizationScheme.Float16:
                return Widen(builder, builder.Initializer(name, DataType.Float16, dims, ByteString.CopyFrom(data)));
            case QuantizationScheme.BFloat16 when opset >= 13:
                return Widen(builder, builder.Initializer(name, DataType.Bfloat16, dims, ByteString.CopyFrom(data)));
            case QuantizationScheme.BFloat16:
                // Cast from BFLOAT16 arrived in opset 13; before it the values are widened here (exactly: bf16 is a float's top half).
                return builder.Floats(name, dims, Widened(data));
            case QuantizationScheme.Integer:
                return Integer(builder, name, part, data, opset);
            default:
                return Codebook(builder, name, part, data);
        }
    }

    private static string Widen(OnnxGraphBuilder builder, string value) =>
        builder.Add("Cast", value + ".f32", [value], OnnxGraphBuilder.Int("to", (long)DataType.Float));

    private static string Integer(OnnxGraphBuilder builder, string name, EncodedPart part, byte[] data, long opset)
    {
        byte[] values = part.Bits == 8 ? data : Unpack(part, data, signed: true);
        string quantized = builder.Initializer(name, DataType.Int8, [part.Rows, part.Columns], ByteString.CopyFrom(values));

        // The artifact may keep scales as float16; the runtime widens them, and so does this (DequantizeLinear wants float32 scales before opset 19).
        float[] scales = part.ScaleType == ScaleType.Float16 ? part.Scales.Select(s => (float)(Half)s).ToArray() : part.Scales;
        string scalesName = TensorNames.Scales(name);
        if (part.BlocksPerRow == 1 && opset >= 13)
        {
            string perRow = builder.Floats(scalesName, [part.Rows], scales);
            return builder.Add("DequantizeLinear", name + ".f32", [quantized, perRow], OnnxGraphBuilder.Int("axis", 0));
        }

        string blocked = builder.Floats(scalesName, [part.Rows, part.BlocksPerRow], scales);
        int[] blockOfColumn = Enumerable.Range(0, part.Columns).Select(j => j / part.BlockSize).ToArray();
        string columnBlocks = builder.Int32s(name + ".column_blocks", blockOfColumn);
        string perValue = builder.Add("Gather", scalesName + ".per_value", [blocked, columnBlocks], OnnxGraphBuilder.Int("axis", 1));
        string widened = builder.Add("Cast", name + ".cast", [quantized], OnnxGraphBuilder.Int("to", (long)DataType.Float));
        return builder.Add("Mul", name + ".f32", [widened, perValue]);
    }

    private static string Codebook(OnnxGraphBuilder builder, string name, EncodedPart part, byte[] data)
    {
        string indices = builder.Initializer(name, DataType.Uint8, [part.Rows, part.Columns], ByteString.CopyFrom(Unpack(part, data, signed: false)));
        string table = builder.Floats(TensorNames.Codebook(name), [part.Codebook.Length], part.Codebook);
        string wide = builder.Add("Cast", name + ".indices", [indices], OnnxGraphBuilder.Int("to", (long)DataType.Int32));
        return builder.Add("Gather", name + ".f32", [table, wide], OnnxGraphBuilder.Int("axis", 0));
    }

    // Bit-packed rows (docs/format.md 3.2) to one value per byte: ONNX has no sub-byte integer type before opset 21.
    private static byte[] Unpack(EncodedPart part, byte[] data, bool signed)
    {
        var values = new byte[(long)part.Rows * part.Columns];
        for (int r = 0; r < part.Rows; r++)
        {
            ReadOnlySpan<byte> row = data.AsSpan(r * part.RowBytes, part.RowBytes);
            for (int j = 0; j < part.Columns; j++)
            {
                values[((long)r * part.Columns) + j] = signed
                    ? unchecked((byte)(sbyte)BitPacking.ReadSigned(row, part.Bits, j))
                    : (byte)BitPacking.ReadUnsigned(row, part.Bits, j);
            }
        }

        return values;
    }

    private static float[] Widened(byte[] bfloat16)
    {
        var values = new float[bfloat16.Length / 2];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(bfloat16, i * 2) << 16);
        }

        return values;
    }

    private static byte[] Bytes(EncodedPart part)
    {
        using var stream = new MemoryStream((int)part.DataLength);
        part.WriteData(stream);
        return stream.ToArray();
    }
}
