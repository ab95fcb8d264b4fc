using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>The AVX2 Gram kernel: an 8 x 8 tile, one 256-bit accumulator per row (8 of the 16 registers).</summary>
internal readonly unsafe struct SquareKernel256 : ISquareKernel
{
    /// <inheritdoc />
    public static int Width => 8;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(a[0]), b0, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Create(a[1]), b0, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.Create(a[2]), b0, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.Create(a[3]), b0, c3);
            c4 = Vector256.FusedMultiplyAdd(Vector256.Create(a[4]), b0, c4);
            c5 = Vector256.FusedMultiplyAdd(Vector256.Create(a[5]), b0, c5);
            c6 = Vector256.FusedMultiplyAdd(Vector256.Create(a[6]), b0, c6);
            c7 = Vector256.FusedMultiplyAdd(Vector256.Create(a[7]), b0, c7);
            a += 8;
            b += 8;
        }

        if (accumulate)
        {
            Vector256.Store(c0 + Vector256.Load(c + (0 * ldc)), c + (0 * ldc));
            Vector256.Store(c1 + Vector256.Load(c + (1 * ldc)), c + (1 * ldc));
            Vector256.Store(c2 + Vector256.Load(c + (2 * ldc)), c + (2 * ldc));
            Vector256.Store(c3 + Vector256.Load(c + (3 * ldc)), c + (3 * ldc));
            Vector256.Store(c4 + Vector256.Load(c + (4 * ldc)), c + (4 * ldc));
            Vector256.Store(c5 + Vector256.Load(c + (5 * ldc)), c + (5 * ldc));
            Vector256.Store(c6 + Vector256.Load(c + (6 * ldc)), c + (6 * ldc));
            Vector256.Store(c7 + Vector256.Load(c + (7 * ldc)), c + (7 * ldc));
        }
        else
        {
            Vector256.Store(c0, c + (0 * ldc));
            Vector256.Store(c1, c + (1 * ldc));
            Vector256.Store(c2, c + (2 * ldc));
            Vector256.Store(c3, c + (3 * ldc));
            Vector256.Store(c4, c + (4 * ldc));
            Vector256.Store(c5, c + (5 * ldc));
            Vector256.Store(c6, c + (6 * ldc));
            Vector256.Store(c7, c + (7 * ldc));
        }
    }
}
