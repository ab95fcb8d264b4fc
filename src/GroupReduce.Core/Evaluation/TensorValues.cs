using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Matrices;

namespace GroupReduce.Core.Evaluation;

/// <summary>Reads a small floating-point tensor of any shape (a bias, a hidden layer) whole, widened to float32.</summary>
internal static class TensorValues
{
    /// <summary>The tensor's values, row-major; null when it is not F32, F16, BF16 or F64.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The values, or null.</returns>
    public static float[]? TryRead(ModelTensor tensor)
    {
        // The model readers' own element decoders, so a bias widens exactly as a matrix row does.
        if (tensor.DType is not (TensorDType.F32 or TensorDType.F16 or TensorDType.BF16 or TensorDType.F64) || ElementDecoder.For(tensor.DType) is not { } decoder)
        {
            return null;
        }

        using var buffer = new MemoryStream(checked((int)tensor.ByteLength));
        tensor.CopyRawTo(buffer, CancellationToken.None);
        var values = new float[tensor.ByteLength / decoder.BlockBytes];
        decoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), values);
        return values;
    }
}
