using System.Runtime.InteropServices;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Evaluation;

/// <summary>Reads a small floating-point tensor of any shape (a bias, a hidden layer) whole, widened to float32.</summary>
internal static class TensorValues
{
    /// <summary>The tensor's values, row-major; null when it is not F32, F16, BF16 or F64.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The values, or null.</returns>
    public static float[]? TryRead(ModelTensor tensor)
    {
        if (tensor.DType is not (TensorDType.F32 or TensorDType.F16 or TensorDType.BF16 or TensorDType.F64))
        {
            return null;
        }

        using var buffer = new MemoryStream(checked((int)tensor.ByteLength));
        tensor.CopyRawTo(buffer, CancellationToken.None);
        ReadOnlySpan<byte> bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return tensor.DType switch
        {
            TensorDType.F32 => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
            TensorDType.F16 => Widen(MemoryMarshal.Cast<byte, Half>(bytes)),
            TensorDType.BF16 => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray().Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray(),
            _ => MemoryMarshal.Cast<byte, double>(bytes).ToArray().Select(d => (float)d).ToArray(),
        };
    }

    private static float[] Widen(ReadOnlySpan<Half> values)
    {
        var result = new float[values.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(values, result);
        return result;
    }
}
