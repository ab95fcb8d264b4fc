using System.Buffers.Binary;
using Onnx;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Maps ONNX tensor data types to <see cref="TensorDType"/> and turns an initializer's typed fields (<c>float_data</c>,
/// <c>int32_data</c>, …) into the little-endian bytes <c>raw_data</c> would hold.
/// </summary>
internal static class OnnxTensorTypes
{
    /// <summary>The element type for an ONNX data type, or <see langword="null"/> for types with no equivalent (strings, complex, float8, int4, …).</summary>
    /// <param name="type">The ONNX <c>data_type</c>.</param>
    /// <returns>The element type, or <see langword="null"/>.</returns>
    public static TensorDType? ToDType(int type) => (TensorProto.Types.DataType)type switch
    {
        TensorProto.Types.DataType.Float => TensorDType.F32,
        TensorProto.Types.DataType.Float16 => TensorDType.F16,
        TensorProto.Types.DataType.Bfloat16 => TensorDType.BF16,
        TensorProto.Types.DataType.Double => TensorDType.F64,
        TensorProto.Types.DataType.Int64 => TensorDType.I64,
        TensorProto.Types.DataType.Int32 => TensorDType.I32,
        TensorProto.Types.DataType.Int16 => TensorDType.I16,
        TensorProto.Types.DataType.Int8 => TensorDType.I8,
        TensorProto.Types.DataType.Uint64 => TensorDType.U64,
        TensorProto.Types.DataType.Uint32 => TensorDType.U32,
        TensorProto.Types.DataType.Uint16 => TensorDType.U16,
        TensorProto.Types.DataType.Uint8 => TensorDType.U8,
        TensorProto.Types.DataType.Bool => TensorDType.Bool,
        _ => null,
    };

    /// <summary>Bytes per element of a type <see cref="ToDType"/> returns.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>The size in bytes.</returns>
    public static int ElementSize(TensorDType type) => type switch
    {
        TensorDType.F64 or TensorDType.I64 or TensorDType.U64 => 8,
        TensorDType.F32 or TensorDType.I32 or TensorDType.U32 => 4,
        TensorDType.F16 or TensorDType.BF16 or TensorDType.I16 or TensorDType.U16 => 2,
        _ => 1,
    };

    /// <summary>
    /// The initializer's typed field as stored bytes, with its value count. The ONNX spec puts FLOAT in <c>float_data</c>,
    /// DOUBLE in <c>double_data</c>, INT64 in <c>int64_data</c>, UINT32/UINT64 in <c>uint64_data</c>, and every narrower
    /// type (FLOAT16 and BFLOAT16 as their bit patterns) one value per <c>int32_data</c> entry.
    /// </summary>
    /// <param name="tensor">The initializer.</param>
    /// <param name="dtype">Its element type.</param>
    /// <param name="count">The number of values the field holds.</param>
    /// <returns>The little-endian bytes.</returns>
    public static byte[] TypedBytes(TensorProto tensor, TensorDType dtype, out long count)
    {
        int size = ElementSize(dtype);
        switch (dtype)
        {
            case TensorDType.F32:
                count = tensor.FloatData.Count;
                return Pack(tensor.FloatData, size, static (span, v) => BinaryPrimitives.WriteSingleLittleEndian(span, v));
            case TensorDType.F64:
                count = tensor.DoubleData.Count;
                return Pack(tensor.DoubleData, size, static (span, v) => BinaryPrimitives.WriteDoubleLittleEndian(span, v));
            case TensorDType.I64:
                count = tensor.Int64Data.Count;
                return Pack(tensor.Int64Data, size, static (span, v) => BinaryPrimitives.WriteInt64LittleEndian(span, v));
            case TensorDType.U64:
                count = tensor.Uint64Data.Count;
                return Pack(tensor.Uint64Data, size, static (span, v) => BinaryPrimitives.WriteUInt64LittleEndian(span, v));
            case TensorDType.U32:
                count = tensor.Uint64Data.Count;
                return Pack(tensor.Uint64Data, size, static (span, v) => BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)v));
            default:
                // int32_data: each entry's low bytes are the value (a half's or bfloat16's bits, an int8, a bool).
                count = tensor.Int32Data.Count;
                return Pack(tensor.Int32Data, size, static (span, v) =>
                {
                    Span<byte> four = stackalloc byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(four, v);
                    four[..span.Length].CopyTo(span);
                });
        }
    }

    private static byte[] Pack<T>(IList<T> values, int size, SpanAction<T> write)
    {
        byte[] bytes = new byte[checked(values.Count * size)];
        for (int i = 0; i < values.Count; i++)
        {
            write(bytes.AsSpan(i * size, size), values[i]);
        }

        return bytes;
    }

    private delegate void SpanAction<in T>(Span<byte> destination, T value);
}
