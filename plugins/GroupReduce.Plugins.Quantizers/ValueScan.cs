using System.Globalization;
using System.Numerics;
using GroupReduce.Abstractions;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// The checks every quantizer runs before encoding: finite values and, where the encoding has a
/// range, values within it. Done as one serial pass so the error always names the first bad value,
/// whatever the thread count.
/// </summary>
internal static class ValueScan
{
    /// <summary>Finds the first value that is not finite or whose magnitude exceeds <paramref name="limit"/>.</summary>
    /// <returns>Its index, or −1.</returns>
    public static long FindFirstInvalid(ReadOnlySpan<float> values, float limit)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var limits = new Vector<float>(limit);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values[i..]);
                Vector<int> bad = ~Vector.Equals(v - v, Vector<float>.Zero) | Vector.GreaterThan(Vector.Abs(v), limits);
                if (bad != Vector<int>.Zero)
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            float x = values[i];
            if (!float.IsFinite(x) || MathF.Abs(x) > limit)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Throws <see cref="ErrorCodes.NonFiniteInput"/> for the first non-finite value.</summary>
    public static void ThrowIfNonFinite(ReadOnlySpan<float> values, int rows, int columns, string quantizer)
    {
        long index = FindFirstInvalid(values, float.PositiveInfinity);
        if (index >= 0)
        {
            throw NonFinite(values[(int)index], index, rows, columns, quantizer);
        }
    }

    /// <summary>The error for a non-finite value at <paramref name="index"/>.</summary>
    public static GroupReduceException NonFinite(float value, long index, int rows, int columns, string quantizer) =>
        new(
            ErrorCodes.NonFiniteInput,
            $"{quantizer}: the value at {Place(index, rows, columns)} is {value.ToString(CultureInfo.InvariantCulture)}; "
            + "only finite values can be quantized (check the solver's output or the input matrix for NaN/infinity)");

    /// <summary>Names a value's place: row, column and the tensor's shape.</summary>
    public static string Place(long index, int rows, int columns)
    {
        long row = columns == 0 ? 0 : index / columns;
        long column = columns == 0 ? 0 : index % columns;
        return $"row {row}, column {column} of the {rows}x{columns} tensor";
    }
}
