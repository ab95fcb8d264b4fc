using System.Runtime.CompilerServices;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>The portable Gram kernel: the scalar 4 x 4 micro-kernel, whose two panels already share one layout.</summary>
internal readonly unsafe struct SquareKernelScalar : ISquareKernel
{
    /// <inheritdoc />
    public static int Width => 4;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, bool accumulate) =>
        MicroKernelScalar<float>.Run(kc, a, b, c, ldc, accumulate);
}
