using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// Sums of squares of single-precision data accumulated in double precision, in a fixed lane order (so a
/// given path always gives the same bits), for the norms and errors that refinement compares.
/// </summary>
internal static unsafe class SquareSums
{
    /// <summary><c>Σ x_i²</c>.</summary>
    /// <param name="x">The values.</param>
    /// <param name="count">How many.</param>
    /// <returns>The sum.</returns>
    public static double Of(float* x, int count)
    {
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && count >= 8)
        {
            Vector256<double> low = Vector256<double>.Zero, high = Vector256<double>.Zero;
            for (; i + 8 <= count; i += 8)
            {
                (Vector256<double> a, Vector256<double> b) = Vector256.Widen(Vector256.Load(x + i));
                low = Vector256.FusedMultiplyAdd(a, a, low);
                high = Vector256.FusedMultiplyAdd(b, b, high);
            }

            sum = Vector256.Sum(low + high);
        }

        for (; i < count; i++)
        {
            double value = x[i];
            sum += value * value;
        }

        return sum;
    }

    /// <summary><c>Σ (x_i − y_i)²</c>, the differences taken in double precision.</summary>
    /// <param name="x">The values.</param>
    /// <param name="y">The values subtracted.</param>
    /// <param name="count">How many.</param>
    /// <returns>The sum.</returns>
    public static double OfDifference(float* x, float* y, int count)
    {
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && count >= 8)
        {
            Vector256<double> low = Vector256<double>.Zero, high = Vector256<double>.Zero;
            for (; i + 8 <= count; i += 8)
            {
                (Vector256<double> a, Vector256<double> b) = Vector256.Widen(Vector256.Load(x + i));
                (Vector256<double> c, Vector256<double> e) = Vector256.Widen(Vector256.Load(y + i));
                Vector256<double> dl = a - c;
                Vector256<double> dh = b - e;
                low = Vector256.FusedMultiplyAdd(dl, dl, low);
                high = Vector256.FusedMultiplyAdd(dh, dh, high);
            }

            sum = Vector256.Sum(low + high);
        }

        for (; i < count; i++)
        {
            double difference = (double)x[i] - y[i];
            sum += difference * difference;
        }

        return sum;
    }

    /// <summary>Per-group sums of squares of one row of scores: <c>out[g] = Σ_{k in block g} c_k²</c>.</summary>
    /// <param name="row">The row of <c>A · [V_1 … V_c]</c>.</param>
    /// <param name="offsets">Start of each group's block; <c>offsets[c]</c> is the row length.</param>
    /// <param name="output">One value per group.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PerBlock(float* row, ReadOnlySpan<int> offsets, float* output)
    {
        for (int g = 0; g + 1 < offsets.Length; g++)
        {
            output[g] = (float)Of(row + offsets[g], offsets[g + 1] - offsets[g]);
        }
    }
}
