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
/// <item>from opset 21: int4 as INT4 (two values per byte) through <c>DequantizeLinear</c>, per row or with
/// <c>block_size</c> for scale blocks shorter than a row;</item>
/// <item>int8 with one scale per row as INT8 through <c>DequantizeLinear</c> (per-axis, opsets 13 to 20);</item>
/// <item>other int parts (scale blocks shorter than a row, below 8 bits before opset 21, int8 before opset 13 or from 21) as INT8 (one value per byte)
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

    // Every array handed to an initializer below is made here and never written again, so it is wrapped, not copied
    // (parts run to 64 MiB).
    private static string DecodePart(OnnxGraphBuilder builder, string name, EncodedPart part, long opset)
    {
        byte[] data = Bytes(part);
        long[] dims = [part.Rows, part.Columns];
        switch (part.Scheme)
        {
            case QuantizationScheme.Float32:
                return builder.Initializer(name, DataType.Float, dims, UnsafeByteOperations.UnsafeWrap(data));
            case QuantizationScheme.Float16:
                return Widen(builder, builder.Initializer(name, DataType.Float16, dims, UnsafeByteOperations.UnsafeWrap(data)));
            case QuantizationScheme.BFloat16 when opset >= 13:
                return Widen(builder, builder.Initializer(name, DataType.Bfloat16, dims, UnsafeByteOperations.UnsafeWrap(data)));
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

        // The artifact may keep scales as float16; the runtime widens them, and so does this (DequantizeLinear wants float32 scales before opset 19).
        float[] scales = part.ScaleType == ScaleType.Float16 ? part.Scales.Select(s => (float)(Half)s).ToArray() : part.Scales;
        string scalesName = TensorNames.Scales(name);
        if (opset >= 21 && part.Bits == 4)
        {
            // Opset 21 has INT4 and blocked DequantizeLinear: int4 stays two values per byte, and scale blocks shorter
            // than a row are DequantizeLinear's block_size along the columns. (Int8 stays on the path below.)
            string packed = builder.Initializer(name, DataType.Int4, [part.Rows, part.Columns], UnsafeByteOperations.UnsafeWrap(PackInt4(values)));
            if (part.BlocksPerRow == 1)
            {
                return builder.Add("DequantizeLinear", name + ".f32", [packed, builder.Floats(scalesName, [part.Rows], scales)], OnnxGraphBuilder.Int("axis", 0));
            }

            return builder.Add(
                "DequantizeLinear",
                name + ".f32",
                [packed, builder.Floats(scalesName, [part.Rows, part.BlocksPerRow], scales)],
                OnnxGraphBuilder.Int("axis", 1),
                OnnxGraphBuilder.Int("block_size", part.BlockSize));
        }

        // Int8 per row goes through DequantizeLinear from opset 13 (per axis) to 20. At opset 21 ONNX Runtime 1.32 computed
        // the same int8 graph 2e-3 away from the decoded factors (opsets 13-20: equal to 1e-7), so there, as before
        // opset 13, the factors are dequantized at load by the exact Cast/Gather/Mul form below.
        string quantized = builder.Initializer(name, DataType.Int8, [part.Rows, part.Columns], UnsafeByteOperations.UnsafeWrap(values));
        if (part.BlocksPerRow == 1 && opset is >= 13 and < 21)
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
        string indices = builder.Initializer(name, DataType.Uint8, [part.Rows, part.Columns], UnsafeByteOperations.UnsafeWrap(Unpack(part, data, signed: false)));
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

    // ONNX INT4: the tensor's values in row-major order, two per byte, the first in the low nibble (rows are not byte-aligned).
    private static byte[] PackInt4(byte[] values)
    {
        var packed = new byte[(values.Length + 1) / 2];
        for (int i = 0; i < values.Length; i++)
        {
            packed[i / 2] |= (byte)((values[i] & 0x0F) << (4 * (i % 2)));
        }

        return packed;
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
