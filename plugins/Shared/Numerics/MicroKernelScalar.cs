using System.Numerics;
using System.Runtime.CompilerServices;

namespace GroupReduce.Plugins.Numerics;

/// <summary>The portable micro-kernel: a 4 x 4 tile of scalar accumulators, for CPUs without AVX2/AVX-512.</summary>
/// <typeparam name="T">float or double.</typeparam>
internal readonly unsafe struct MicroKernelScalar<T> : IMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public static int Mr => 4;

    /// <inheritdoc />
    public static int Nr => 4;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            T a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += 4;
        }

        Write(c, c00, c01, c02, c03, accumulate);
        Write(c + ldc, c10, c11, c12, c13, accumulate);
        Write(c + (2 * ldc), c20, c21, c22, c23, accumulate);
        Write(c + (3 * ldc), c30, c31, c32, c33, accumulate);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunNarrow(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
    {
        T c00 = T.Zero, c01 = T.Zero, c10 = T.Zero, c11 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c30 = T.Zero, c31 = T.Zero;
        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0], b1 = b[1];
            T a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 += a0 * b0; c01 += a0 * b1;
            c10 += a1 * b0; c11 += a1 * b1;
            c20 += a2 * b0; c21 += a2 * b1;
            c30 += a3 * b0; c31 += a3 * b1;
            a += 4;
            b += 2;
        }

        WritePair(c, c00, c01, accumulate);
        WritePair(c + ldc, c10, c11, accumulate);
        WritePair(c + (2 * ldc), c20, c21, accumulate);
        WritePair(c + (3 * ldc), c30, c31, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(T* row, T v0, T v1, bool accumulate)
    {
        if (accumulate)
        {
            row[0] += v0;
            row[1] += v1;
        }
        else
        {
            row[0] = v0;
            row[1] = v1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(T* row, T v0, T v1, T v2, T v3, bool accumulate)
    {
        if (accumulate)
        {
            row[0] += v0;
            row[1] += v1;
            row[2] += v2;
            row[3] += v3;
        }
        else
        {
            row[0] = v0;
            row[1] = v1;
            row[2] = v2;
            row[3] = v3;
        }
    }
}
