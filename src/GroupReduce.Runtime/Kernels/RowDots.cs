using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// <c>result[targets[k]] = rows[k] · t</c> for a row-major block of short rows (a group's <c>U_g</c>, whose
/// width is the group's rank). Ranks are small (tens to a few hundred), so one <see cref="TensorPrimitives.Dot"/>
/// call per row would spend as long in call and tail overhead as in arithmetic: this kernel keeps four rows in
/// flight against one load of <c>t</c>, with a Vector512 path, a Vector256 path and a scalar fallback.
/// </summary>
internal static class RowDots
{
    /// <summary>Computes the dot products and scatters them to the rows' places in the result.</summary>
    /// <param name="rows">At least <c>targets.Length · width</c> values, row-major.</param>
    /// <param name="width">Values per row.</param>
    /// <param name="t">At least <paramref name="width"/> values.</param>
    /// <param name="targets">Where each row's product goes in <paramref name="result"/>.</param>
    /// <param name="result">The product vector; every target must be inside it.</param>
    public static void Scatter(ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result)
    {
        int count = targets.Length;
        if (rows.Length < (long)count * width || t.Length < width)
        {
            throw new ArgumentException("The block is shorter than its rows.");
        }

        if (width < 8)
        {
            ScatterNarrow(rows, width, t, targets, result);
        }
        else if (Vector512.IsHardwareAccelerated && width >= Vector512<float>.Count)
        {
            Scatter512(rows, width, t, targets, result);
        }
        else if (Vector256.IsHardwareAccelerated && width >= Vector256<float>.Count)
        {
            Scatter256(rows, width, t, targets, result);
        }
        else
        {
            ScatterRowByRow(rows, width, t, targets, result);
        }
    }

    /// <summary>
    /// The same with one <see cref="TensorPrimitives.Dot"/> per row: for wide rows (dense groups) the call overhead is
    /// negligible, and the sums round exactly as a dense <see cref="TensorPrimitives.Dot"/> mat-vec does, so a lossless
    /// artifact's products equal the original model's bit for bit.
    /// </summary>
    /// <param name="rows">At least <c>targets.Length · width</c> values, row-major.</param>
    /// <param name="width">Values per row.</param>
    /// <param name="t">At least <paramref name="width"/> values.</param>
    /// <param name="targets">Where each row's product goes in <paramref name="result"/>.</param>
    /// <param name="result">The product vector.</param>
    public static void ScatterRowByRow(ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result)
    {
        for (int k = 0; k < targets.Length; k++)
        {
            result[targets[k]] = TensorPrimitives.Dot(rows.Slice(k * width, width), t[..width]);
        }
    }

    // Rare words get ranks of 1 to 7: a vector (or a Dot call) per row would be mostly overhead, so the coefficients of
    // t stay in registers and each row is a few scalar multiply-adds.
    private static void ScatterNarrow(ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result)
    {
        int count = targets.Length;
        ref float u = ref MemoryMarshal.GetReference(rows);
        switch (width)
        {
            case 1:
            {
                float t0 = t[0];
                for (int k = 0; k < count; k++)
                {
                    result[targets[k]] = Unsafe.Add(ref u, k) * t0;
                }

                break;
            }

            case 2:
            {
                float t0 = t[0], t1 = t[1];
                for (int k = 0; k < count; k++)
                {
                    ref float r = ref Unsafe.Add(ref u, k * 2);
                    result[targets[k]] = (r * t0) + (Unsafe.Add(ref r, 1) * t1);
                }

                break;
            }

            case 3:
            {
                float t0 = t[0], t1 = t[1], t2 = t[2];
                for (int k = 0; k < count; k++)
                {
                    ref float r = ref Unsafe.Add(ref u, k * 3);
                    result[targets[k]] = (r * t0) + (Unsafe.Add(ref r, 1) * t1) + (Unsafe.Add(ref r, 2) * t2);
                }

                break;
            }

            case 4:
            {
                float t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3];
                for (int k = 0; k < count; k++)
                {
                    ref float r = ref Unsafe.Add(ref u, k * 4);
                    result[targets[k]] = (r * t0) + (Unsafe.Add(ref r, 1) * t1) + (Unsafe.Add(ref r, 2) * t2) + (Unsafe.Add(ref r, 3) * t3);
                }

                break;
            }

            default:
            {
                for (int k = 0; k < count; k++)
                {
                    ref float r = ref Unsafe.Add(ref u, k * width);
                    float sum = 0;
                    for (int j = 0; j < width; j++)
                    {
                        sum += Unsafe.Add(ref r, j) * t[j];
                    }

                    result[targets[k]] = sum;
                }

                break;
            }
        }
    }

    private static void Scatter512(ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result)
    {
        int count = targets.Length;
        int vectorEnd = width - (width % Vector512<float>.Count);
        ref float block = ref MemoryMarshal.GetReference(rows);
        ref float tt = ref MemoryMarshal.GetReference(t);
        int k = 0;
        for (; k + 4 <= count; k += 4)
        {
            ref float a = ref Unsafe.Add(ref block, k * width);
            ref float b = ref Unsafe.Add(ref a, width);
            ref float c = ref Unsafe.Add(ref b, width);
            ref float d = ref Unsafe.Add(ref c, width);
            Vector512<float> sa = Vector512<float>.Zero, sb = sa, sc = sa, sd = sa;
            for (int j = 0; j < vectorEnd; j += Vector512<float>.Count)
            {
                Vector512<float> tv = Vector512.LoadUnsafe(ref tt, (nuint)j);
                sa = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref a, (nuint)j), tv, sa);
                sb = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref b, (nuint)j), tv, sb);
                sc = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref c, (nuint)j), tv, sc);
                sd = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref d, (nuint)j), tv, sd);
            }

            float ra = Vector512.Sum(sa), rb = Vector512.Sum(sb), rc = Vector512.Sum(sc), rd = Vector512.Sum(sd);
            for (int j = vectorEnd; j < width; j++)
            {
                float tj = Unsafe.Add(ref tt, j);
                ra += Unsafe.Add(ref a, j) * tj;
                rb += Unsafe.Add(ref b, j) * tj;
                rc += Unsafe.Add(ref c, j) * tj;
                rd += Unsafe.Add(ref d, j) * tj;
            }

            result[targets[k]] = ra;
            result[targets[k + 1]] = rb;
            result[targets[k + 2]] = rc;
            result[targets[k + 3]] = rd;
        }

        for (; k < count; k++)
        {
            result[targets[k]] = TensorPrimitives.Dot(rows.Slice(k * width, width), t[..width]);
        }
    }

    private static void Scatter256(ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result)
    {
        int count = targets.Length;
        int vectorEnd = width - (width % Vector256<float>.Count);
        ref float block = ref MemoryMarshal.GetReference(rows);
        ref float tt = ref MemoryMarshal.GetReference(t);
        int k = 0;
        for (; k + 4 <= count; k += 4)
        {
            ref float a = ref Unsafe.Add(ref block, k * width);
            ref float b = ref Unsafe.Add(ref a, width);
            ref float c = ref Unsafe.Add(ref b, width);
            ref float d = ref Unsafe.Add(ref c, width);
            Vector256<float> sa = Vector256<float>.Zero, sb = sa, sc = sa, sd = sa;
            for (int j = 0; j < vectorEnd; j += Vector256<float>.Count)
            {
                Vector256<float> tv = Vector256.LoadUnsafe(ref tt, (nuint)j);
                sa = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref a, (nuint)j), tv, sa);
                sb = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref b, (nuint)j), tv, sb);
                sc = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref c, (nuint)j), tv, sc);
                sd = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref d, (nuint)j), tv, sd);
            }

            float ra = Vector256.Sum(sa), rb = Vector256.Sum(sb), rc = Vector256.Sum(sc), rd = Vector256.Sum(sd);
            for (int j = vectorEnd; j < width; j++)
            {
                float tj = Unsafe.Add(ref tt, j);
                ra += Unsafe.Add(ref a, j) * tj;
                rb += Unsafe.Add(ref b, j) * tj;
                rc += Unsafe.Add(ref c, j) * tj;
                rd += Unsafe.Add(ref d, j) * tj;
            }

            result[targets[k]] = ra;
            result[targets[k + 1]] = rb;
            result[targets[k + 2]] = rc;
            result[targets[k + 3]] = rd;
        }

        for (; k < count; k++)
        {
            result[targets[k]] = TensorPrimitives.Dot(rows.Slice(k * width, width), t[..width]);
        }
    }
}
