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
    public static void Scatter(ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result) =>
        Scatter(rows, width, t, targets, result, VectorPaths.Best);

    /// <summary>The same on a chosen vector path, so that tests can run every path the machine supports.</summary>
    /// <param name="rows">At least <c>targets.Length · width</c> values, row-major.</param>
    /// <param name="width">Values per row.</param>
    /// <param name="t">At least <paramref name="width"/> values.</param>
    /// <param name="targets">Where each row's product goes in <paramref name="result"/>.</param>
    /// <param name="result">The product vector; every target must be inside it.</param>
    /// <param name="path">The widest vectors to use; rows narrower than a vector fall to the next path.</param>
    internal static void Scatter(ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result, VectorPath path)
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
        else if (path == VectorPath.Vector512 && width >= Vector512<float>.Count)
        {
            ScatterVectors<VectorWidth512, Vector512<float>>(rows, width, t, targets, result);
        }
        else if (path >= VectorPath.Vector256 && width >= Vector256<float>.Count)
        {
            ScatterVectors<VectorWidth256, Vector256<float>>(rows, width, t, targets, result);
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

    // The four-row kernel, written once for every width: TWidth is a struct, so the JIT compiles it once per width
    // with the vector operations inlined, exactly as the hand-written 512 and 256 twins it replaces.
    private static void ScatterVectors<TWidth, TVector>(ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result)
        where TWidth : struct, IVectorWidth<TVector>
        where TVector : struct
    {
        int count = targets.Length;
        int vectorEnd = width - (width % TWidth.Count);
        ref float block = ref MemoryMarshal.GetReference(rows);
        ref float tt = ref MemoryMarshal.GetReference(t);
        int k = 0;
        for (; k + 4 <= count; k += 4)
        {
            ref float a = ref Unsafe.Add(ref block, k * width);
            ref float b = ref Unsafe.Add(ref a, width);
            ref float c = ref Unsafe.Add(ref b, width);
            ref float d = ref Unsafe.Add(ref c, width);
            TVector sa = default, sb = default, sc = default, sd = default;
            for (int j = 0; j < vectorEnd; j += TWidth.Count)
            {
                TVector tv = TWidth.Load(ref tt, (nuint)j);
                sa = TWidth.MultiplyAdd(TWidth.Load(ref a, (nuint)j), tv, sa);
                sb = TWidth.MultiplyAdd(TWidth.Load(ref b, (nuint)j), tv, sb);
                sc = TWidth.MultiplyAdd(TWidth.Load(ref c, (nuint)j), tv, sc);
                sd = TWidth.MultiplyAdd(TWidth.Load(ref d, (nuint)j), tv, sd);
            }

            float ra = TWidth.Sum(sa), rb = TWidth.Sum(sb), rc = TWidth.Sum(sc), rd = TWidth.Sum(sd);
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
