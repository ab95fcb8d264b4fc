using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>The AVX2 micro-kernel: a 6 x 2-vector register tile (12 accumulators of the 16 registers).</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly unsafe struct MicroKernel256<T> : IMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public static int Mr => 6;

    /// <inheritdoc />
    public static int Nr => 2 * Vector256<T>.Count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
    {
        int width = Vector256<T>.Count;
        Vector256<T> low0 = default, high0 = default, low1 = default, high1 = default, low2 = default, high2 = default, low3 = default, high3 = default, low4 = default, high4 = default, low5 = default, high5 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = Vector256.Load(b + width);
            Vector256<T> x;
            x = Vector256.Create(a[0]);
            low0 = Fma256.Apply(x, b0, low0);
            high0 = Fma256.Apply(x, b1, high0);
            x = Vector256.Create(a[1]);
            low1 = Fma256.Apply(x, b0, low1);
            high1 = Fma256.Apply(x, b1, high1);
            x = Vector256.Create(a[2]);
            low2 = Fma256.Apply(x, b0, low2);
            high2 = Fma256.Apply(x, b1, high2);
            x = Vector256.Create(a[3]);
            low3 = Fma256.Apply(x, b0, low3);
            high3 = Fma256.Apply(x, b1, high3);
            x = Vector256.Create(a[4]);
            low4 = Fma256.Apply(x, b0, low4);
            high4 = Fma256.Apply(x, b1, high4);
            x = Vector256.Create(a[5]);
            low5 = Fma256.Apply(x, b0, low5);
            high5 = Fma256.Apply(x, b1, high5);
            a += 6;
            b += 2 * width;
        }

        if (accumulate)
        {
            Add(low0, high0, c + (0 * ldc), width);
            Add(low1, high1, c + (1 * ldc), width);
            Add(low2, high2, c + (2 * ldc), width);
            Add(low3, high3, c + (3 * ldc), width);
            Add(low4, high4, c + (4 * ldc), width);
            Add(low5, high5, c + (5 * ldc), width);
        }
        else
        {
            Set(low0, high0, c + (0 * ldc), width);
            Set(low1, high1, c + (1 * ldc), width);
            Set(low2, high2, c + (2 * ldc), width);
            Set(low3, high3, c + (3 * ldc), width);
            Set(low4, high4, c + (4 * ldc), width);
            Set(low5, high5, c + (5 * ldc), width);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunNarrow(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
    {
        Vector256<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            c0 = Fma256.Apply(Vector256.Create(a[0]), b0, c0);
            c1 = Fma256.Apply(Vector256.Create(a[1]), b0, c1);
            c2 = Fma256.Apply(Vector256.Create(a[2]), b0, c2);
            c3 = Fma256.Apply(Vector256.Create(a[3]), b0, c3);
            c4 = Fma256.Apply(Vector256.Create(a[4]), b0, c4);
            c5 = Fma256.Apply(Vector256.Create(a[5]), b0, c5);
            a += 6;
            b += Vector256<T>.Count;
        }

        if (accumulate)
        {
            Vector256.Store(c0 + Vector256.Load(c + (0 * ldc)), c + (0 * ldc));
            Vector256.Store(c1 + Vector256.Load(c + (1 * ldc)), c + (1 * ldc));
            Vector256.Store(c2 + Vector256.Load(c + (2 * ldc)), c + (2 * ldc));
            Vector256.Store(c3 + Vector256.Load(c + (3 * ldc)), c + (3 * ldc));
            Vector256.Store(c4 + Vector256.Load(c + (4 * ldc)), c + (4 * ldc));
            Vector256.Store(c5 + Vector256.Load(c + (5 * ldc)), c + (5 * ldc));
        }
        else
        {
            Vector256.Store(c0, c + (0 * ldc));
            Vector256.Store(c1, c + (1 * ldc));
            Vector256.Store(c2, c + (2 * ldc));
            Vector256.Store(c3, c + (3 * ldc));
            Vector256.Store(c4, c + (4 * ldc));
            Vector256.Store(c5, c + (5 * ldc));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Vector256<T> low, Vector256<T> high, T* row, int width)
    {
        Vector256.Store(low + Vector256.Load(row), row);
        Vector256.Store(high + Vector256.Load(row + width), row + width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set(Vector256<T> low, Vector256<T> high, T* row, int width)
    {
        Vector256.Store(low, row);
        Vector256.Store(high, row + width);
    }
}
