using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Quantization;

namespace MyQuantizer;

/// <summary>
/// Symmetric integers in <c>[-L, L]</c> with <c>L = 2^(bits-1) - 1</c> and one scale per row (<c>max|x| / L</c>), stored
/// in the artifact format's <see cref="QuantizationScheme.Integer"/> encoding so every reader (the runtime included)
/// decodes it. A row's largest magnitude is kept exactly; every other value is off by at most half a scale.
/// </summary>
internal sealed class UniformQuantizer : IQuantizer
{
    private readonly int _bits;
    private readonly int _levels;

    public UniformQuantizer(int bits)
    {
        _bits = bits;
        _levels = (1 << (bits - 1)) - 1;
    }

    public string Describe() => $"uniform {_bits}-bit symmetric integers, one float32 scale per row";

    // One block spanning the row: BlockSize must be at least 1 even for a tensor without columns.
    public long TensorBytes(long rows, int columns) =>
        QuantizedTensor.EncodedBytes(QuantizationScheme.Integer, rows, columns, _bits, Math.Max(columns, 1), ScaleType.Float32);

    public QuantizedTensor Quantize(ReadOnlySpan<float> values, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long count = (long)rows * columns;
        if (values.Length != count)
        {
            throw new ArgumentException($"a {rows}x{columns} tensor needs {count} values, got {values.Length}", nameof(values));
        }

        int rowBytes = BitPacking.RowBytes(columns, _bits);
        long size = (long)rows * rowBytes;
        if (size > Array.MaxLength)
        {
            // A stored tensor's data is one array: say so plainly rather than failing inside the allocation.
            throw new GroupReduceException(ErrorCodes.QuantizationOverflow, $"myquantizer: a {rows}x{columns} tensor needs {size} bytes, more than one stored tensor holds; use more groups");
        }

        byte[] data = new byte[size];
        float[] scales = new float[columns == 0 ? 0 : rows];
        int[] codes = new int[columns];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = values.Slice(r * columns, columns);
            float scale = MaxMagnitude(row, r) / _levels;
            for (int j = 0; j < columns; j++)
            {
                // Round to nearest even, as the built-in integer quantizers do; the clamp only guards float rounding at the edge.
                codes[j] = scale == 0 ? 0 : Math.Clamp((int)MathF.Round(row[j] / scale, MidpointRounding.ToEven), -_levels, _levels);
            }

            BitPacking.PackRow(codes, _bits, data.AsSpan(r * rowBytes, rowBytes));
            if (scales.Length > 0)
            {
                scales[r] = scale;
            }
        }

        return QuantizedTensor.CreateInteger(rows, columns, _bits, Math.Max(columns, 1), data, scales, ScaleType.Float32);
    }

    private static float MaxMagnitude(ReadOnlySpan<float> row, int rowIndex)
    {
        float max = 0;
        for (int j = 0; j < row.Length; j++)
        {
            if (!float.IsFinite(row[j]))
            {
                // The engine checks its inputs; a plugin still says where a bad value is rather than storing garbage.
                throw new GroupReduceException(ErrorCodes.PluginNonFinite, $"myquantizer: value {row[j]} at row {rowIndex}, column {j} is not finite");
            }

            max = Math.Max(max, Math.Abs(row[j]));
        }

        return max;
    }
}
