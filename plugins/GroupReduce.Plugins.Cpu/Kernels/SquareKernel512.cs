using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>The AVX-512 Gram kernel: a 16 x 16 tile, one 512-bit accumulator per row (16 of the 32 registers).</summary>
internal readonly unsafe struct SquareKernel512 : ISquareKernel
{
    /// <inheritdoc />
    public static int Width => 16;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, bool accumulate)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7);
            c8 = Vector512.FusedMultiplyAdd(Vector512.Create(a[8]), b0, c8);
            c9 = Vector512.FusedMultiplyAdd(Vector512.Create(a[9]), b0, c9);
            c10 = Vector512.FusedMultiplyAdd(Vector512.Create(a[10]), b0, c10);
            c11 = Vector512.FusedMultiplyAdd(Vector512.Create(a[11]), b0, c11);
            c12 = Vector512.FusedMultiplyAdd(Vector512.Create(a[12]), b0, c12);
            c13 = Vector512.FusedMultiplyAdd(Vector512.Create(a[13]), b0, c13);
            c14 = Vector512.FusedMultiplyAdd(Vector512.Create(a[14]), b0, c14);
            c15 = Vector512.FusedMultiplyAdd(Vector512.Create(a[15]), b0, c15);
            a += 16;
            b += 16;
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
            Vector512.Store(c14 + Vector512.Load(c + (14 * ldc)), c + (14 * ldc));
            Vector512.Store(c15 + Vector512.Load(c + (15 * ldc)), c + (15 * ldc));
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
            Vector512.Store(c14, c + (14 * ldc));
            Vector512.Store(c15, c + (15 * ldc));
        }
    }
}
