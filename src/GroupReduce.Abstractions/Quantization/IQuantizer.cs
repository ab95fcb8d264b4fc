using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Abstractions.Quantization;

/// <summary>
/// Encodes the stored factors. <see cref="IStorageCost.TensorBytes"/> must equal
/// <see cref="QuantizedTensor.Bytes"/> of what <see cref="Quantize"/> returns for that shape: the
/// budget is planned with the former and checked against the latter.
/// </summary>
public interface IQuantizer : IStorageCost
{
    /// <summary>A short description of the encoding for the report, e.g. "int8, 64-column blocks, float16 scales".</summary>
    string Describe();

    /// <summary>Encodes a <paramref name="rows"/> x <paramref name="columns"/> row-major tensor.</summary>
    /// <param name="values">The values; finite.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <returns>The encoded tensor.</returns>
    QuantizedTensor Quantize(ReadOnlySpan<float> values, int rows, int columns);
}
