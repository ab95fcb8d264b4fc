using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// Sums of squares of single-precision data accumulated in double precision, in a fixed lane order (so a given
/// machine always gives the same bits), for the norms and errors that refinement compares. They run once per row
/// beside products that do a thousand times more arithmetic, so they must stay close to the speed of reading the row.
/// </summary>
internal static unsafe class SquareSums
{
    /// <summary><c>Σ x_i²</c>.</summary>
    /// <param name="x">The values.</param>
    /// <param name="count">How many.</param>
    /// <returns>The sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Of(float* x, int count)
    {
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && count >= Vector512<float>.Count)
        {
            Vector512<double> s0 = Vector512<double>.Zero, s1 = Vector512<double>.Zero, s2 = Vector512<double>.Zero, s3 = Vector512<double>.Zero;
            for (; i + (2 * Vector512<float>.Count) <= count; i += 2 * Vector512<float>.Count)
            {
                Vector512<float> v = Vector512.Load(x + i);
                Vector512<float> u = Vector512.Load(x + i + Vector512<float>.Count);
                Vector512<double> a = Vector512.WidenLower(v), b = Vector512.WidenUpper(v), c = Vector512.WidenLower(u), e = Vector512.WidenUpper(u);
                s0 = Vector512.FusedMultiplyAdd(a, a, s0);
                s1 = Vector512.FusedMultiplyAdd(b, b, s1);
                s2 = Vector512.FusedMultiplyAdd(c, c, s2);
                s3 = Vector512.FusedMultiplyAdd(e, e, s3);
            }

            if (i + Vector512<float>.Count <= count)
            {
                Vector512<float> v = Vector512.Load(x + i);
                Vector512<double> a = Vector512.WidenLower(v), b = Vector512.WidenUpper(v);
                s0 = Vector512.FusedMultiplyAdd(a, a, s0);
                s1 = Vector512.FusedMultiplyAdd(b, b, s1);
                i += Vector512<float>.Count;
            }

            sum = Vector512.Sum((s0 + s1) + (s2 + s3));
        }
        else if (Vector256.IsHardwareAccelerated && count >= Vector256<float>.Count)
        {
            Vector256<double> s0 = Vector256<double>.Zero, s1 = Vector256<double>.Zero;
            for (; i + Vector256<float>.Count <= count; i += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.Load(x + i);
                Vector256<double> a = Vector256.WidenLower(v), b = Vector256.WidenUpper(v);
                s0 = Vector256.FusedMultiplyAdd(a, a, s0);
                s1 = Vector256.FusedMultiplyAdd(b, b, s1);
            }

            sum = Vector256.Sum(s0 + s1);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double OfDifference(float* x, float* y, int count)
    {
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && count >= Vector512<float>.Count)
        {
            i = count - (count % Vector512<float>.Count);
            sum = OfDifference<WideningWidth512, Vector512<double>>(x, y, i);
        }
        else if (Vector256.IsHardwareAccelerated && count >= Vector256<float>.Count)
        {
            i = count - (count % Vector256<float>.Count);
            sum = OfDifference<WideningWidth256, Vector256<double>>(x, y, i);
        }

        for (; i < count; i++)
        {
            double difference = (double)x[i] - y[i];
            sum += difference * difference;
        }

        return sum;
    }

    /// <summary>The vector part of <see cref="OfDifference(float*, float*, int)"/> at one width: two accumulators, lower and upper halves.</summary>
    /// <typeparam name="TWidth">The width.</typeparam>
    /// <typeparam name="TDouble">The width's double vector.</typeparam>
    /// <param name="x">The values.</param>
    /// <param name="y">The values subtracted.</param>
    /// <param name="whole">How many, a multiple of the width's float count.</param>
    /// <returns>The sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double OfDifference<TWidth, TDouble>(float* x, float* y, int whole)
        where TWidth : struct, IWideningWidth<TDouble>
        where TDouble : struct
    {
        TDouble s0 = TWidth.Zero, s1 = TWidth.Zero;
        for (int i = 0; i < whole; i += TWidth.Count)
        {
            (TDouble xLow, TDouble xHigh) = TWidth.LoadWidened(x + i);
            (TDouble yLow, TDouble yHigh) = TWidth.LoadWidened(y + i);
            TDouble low = TWidth.Subtract(xLow, yLow);
            TDouble high = TWidth.Subtract(xHigh, yHigh);
            s0 = TWidth.FusedMultiplyAdd(low, low, s0);
            s1 = TWidth.FusedMultiplyAdd(high, high, s1);
        }

        return TWidth.Sum(TWidth.Add(s0, s1));
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
