using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>The AVX-512 micro-kernel: a 14 x 2-vector register tile (28 accumulators of the 32 registers).</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly unsafe struct MicroKernel512<T> : IMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public static int Mr => 14;

    /// <inheritdoc />
    public static int Nr => 2 * Vector512<T>.Count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
    {
        int width = Vector512<T>.Count;
        Vector512<T> low0 = default, high0 = default, low1 = default, high1 = default, low2 = default, high2 = default, low3 = default, high3 = default, low4 = default, high4 = default, low5 = default, high5 = default, low6 = default, high6 = default, low7 = default, high7 = default, low8 = default, high8 = default, low9 = default, high9 = default, low10 = default, high10 = default, low11 = default, high11 = default, low12 = default, high12 = default, low13 = default, high13 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + width);
            Vector512<T> x;
            x = Vector512.Create(a[0]);
            low0 = Fma512.Apply(x, b0, low0);
            high0 = Fma512.Apply(x, b1, high0);
            x = Vector512.Create(a[1]);
            low1 = Fma512.Apply(x, b0, low1);
            high1 = Fma512.Apply(x, b1, high1);
            x = Vector512.Create(a[2]);
            low2 = Fma512.Apply(x, b0, low2);
            high2 = Fma512.Apply(x, b1, high2);
            x = Vector512.Create(a[3]);
            low3 = Fma512.Apply(x, b0, low3);
            high3 = Fma512.Apply(x, b1, high3);
            x = Vector512.Create(a[4]);
            low4 = Fma512.Apply(x, b0, low4);
            high4 = Fma512.Apply(x, b1, high4);
            x = Vector512.Create(a[5]);
            low5 = Fma512.Apply(x, b0, low5);
            high5 = Fma512.Apply(x, b1, high5);
            x = Vector512.Create(a[6]);
            low6 = Fma512.Apply(x, b0, low6);
            high6 = Fma512.Apply(x, b1, high6);
            x = Vector512.Create(a[7]);
            low7 = Fma512.Apply(x, b0, low7);
            high7 = Fma512.Apply(x, b1, high7);
            x = Vector512.Create(a[8]);
            low8 = Fma512.Apply(x, b0, low8);
            high8 = Fma512.Apply(x, b1, high8);
            x = Vector512.Create(a[9]);
            low9 = Fma512.Apply(x, b0, low9);
            high9 = Fma512.Apply(x, b1, high9);
            x = Vector512.Create(a[10]);
            low10 = Fma512.Apply(x, b0, low10);
            high10 = Fma512.Apply(x, b1, high10);
            x = Vector512.Create(a[11]);
            low11 = Fma512.Apply(x, b0, low11);
            high11 = Fma512.Apply(x, b1, high11);
            x = Vector512.Create(a[12]);
            low12 = Fma512.Apply(x, b0, low12);
            high12 = Fma512.Apply(x, b1, high12);
            x = Vector512.Create(a[13]);
            low13 = Fma512.Apply(x, b0, low13);
            high13 = Fma512.Apply(x, b1, high13);
            a += 14;
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
            Add(low6, high6, c + (6 * ldc), width);
            Add(low7, high7, c + (7 * ldc), width);
            Add(low8, high8, c + (8 * ldc), width);
            Add(low9, high9, c + (9 * ldc), width);
            Add(low10, high10, c + (10 * ldc), width);
            Add(low11, high11, c + (11 * ldc), width);
            Add(low12, high12, c + (12 * ldc), width);
            Add(low13, high13, c + (13 * ldc), width);
        }
        else
        {
            Set(low0, high0, c + (0 * ldc), width);
            Set(low1, high1, c + (1 * ldc), width);
            Set(low2, high2, c + (2 * ldc), width);
            Set(low3, high3, c + (3 * ldc), width);
            Set(low4, high4, c + (4 * ldc), width);
            Set(low5, high5, c + (5 * ldc), width);
            Set(low6, high6, c + (6 * ldc), width);
            Set(low7, high7, c + (7 * ldc), width);
            Set(low8, high8, c + (8 * ldc), width);
            Set(low9, high9, c + (9 * ldc), width);
            Set(low10, high10, c + (10 * ldc), width);
            Set(low11, high11, c + (11 * ldc), width);
            Set(low12, high12, c + (12 * ldc), width);
            Set(low13, high13, c + (13 * ldc), width);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunNarrow(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
    {
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            c0 = Fma512.Apply(Vector512.Create(a[0]), b0, c0);
            c1 = Fma512.Apply(Vector512.Create(a[1]), b0, c1);
            c2 = Fma512.Apply(Vector512.Create(a[2]), b0, c2);
            c3 = Fma512.Apply(Vector512.Create(a[3]), b0, c3);
            c4 = Fma512.Apply(Vector512.Create(a[4]), b0, c4);
            c5 = Fma512.Apply(Vector512.Create(a[5]), b0, c5);
            c6 = Fma512.Apply(Vector512.Create(a[6]), b0, c6);
            c7 = Fma512.Apply(Vector512.Create(a[7]), b0, c7);
            c8 = Fma512.Apply(Vector512.Create(a[8]), b0, c8);
            c9 = Fma512.Apply(Vector512.Create(a[9]), b0, c9);
            c10 = Fma512.Apply(Vector512.Create(a[10]), b0, c10);
            c11 = Fma512.Apply(Vector512.Create(a[11]), b0, c11);
            c12 = Fma512.Apply(Vector512.Create(a[12]), b0, c12);
            c13 = Fma512.Apply(Vector512.Create(a[13]), b0, c13);
            a += 14;
            b += Vector512<T>.Count;
        }

        if (accumulate)
        {
            Vector512.Store(c0 + Vector512.Load(c + (0 * ldc)), c + (0 * ldc));
            Vector512.Store(c1 + Vector512.Load(c + (1 * ldc)), c + (1 * ldc));
            Vector512.Store(c2 + Vector512.Load(c + (2 * ldc)), c + (2 * ldc));
            Vector512.Store(c3 + Vector512.Load(c + (3 * ldc)), c + (3 * ldc));
            Vector512.Store(c4 + Vector512.Load(c + (4 * ldc)), c + (4 * ldc));
            Vector512.Store(c5 + Vector512.Load(c + (5 * ldc)), c + (5 * ldc));
            Vector512.Store(c6 + Vector512.Load(c + (6 * ldc)), c + (6 * ldc));
            Vector512.Store(c7 + Vector512.Load(c + (7 * ldc)), c + (7 * ldc));
            Vector512.Store(c8 + Vector512.Load(c + (8 * ldc)), c + (8 * ldc));
            Vector512.Store(c9 + Vector512.Load(c + (9 * ldc)), c + (9 * ldc));
            Vector512.Store(c10 + Vector512.Load(c + (10 * ldc)), c + (10 * ldc));
            Vector512.Store(c11 + Vector512.Load(c + (11 * ldc)), c + (11 * ldc));
            Vector512.Store(c12 + Vector512.Load(c + (12 * ldc)), c + (12 * ldc));
            Vector512.Store(c13 + Vector512.Load(c + (13 * ldc)), c + (13 * ldc));
        }
        else
        {
            Vector512.Store(c0, c + (0 * ldc));
            Vector512.Store(c1, c + (1 * ldc));
            Vector512.Store(c2, c + (2 * ldc));
            Vector512.Store(c3, c + (3 * ldc));
            Vector512.Store(c4, c + (4 * ldc));
            Vector512.Store(c5, c + (5 * ldc));
            Vector512.Store(c6, c + (6 * ldc));
            Vector512.Store(c7, c + (7 * ldc));
            Vector512.Store(c8, c + (8 * ldc));
            Vector512.Store(c9, c + (9 * ldc));
            Vector512.Store(c10, c + (10 * ldc));
            Vector512.Store(c11, c + (11 * ldc));
            Vector512.Store(c12, c + (12 * ldc));
            Vector512.Store(c13, c + (13 * ldc));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Vector512<T> low, Vector512<T> high, T* row, int width)
    {
        Vector512.Store(low + Vector512.Load(row), row);
        Vector512.Store(high + Vector512.Load(row + width), row + width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set(Vector512<T> low, Vector512<T> high, T* row, int width)
    {
        Vector512.Store(low, row);
        Vector512.Store(high, row + width);
    }
}
