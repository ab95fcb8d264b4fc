using System.Numerics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// The packed GEMM on the calling thread with buffers of its own, on one kernel path. The kernels' results depend
/// only on the path and the step blocking, never on the caller, so every user of the same path gets the same bits.
/// </summary>
internal readonly unsafe struct SerialGemm : IDoubleGemm
{
    private readonly WorkspaceBuffers<double> _buffers;

    /// <summary>Creates the GEMM over <paramref name="buffers"/>, which the caller owns and keeps to one thread.</summary>
    /// <param name="path">The instruction set; must be supported by this machine.</param>
    /// <param name="buffers">The packing buffers.</param>
    public SerialGemm(KernelPath path, WorkspaceBuffers<double> buffers)
    {
        if (!KernelPathSupport.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"this CPU does not support the {KernelPathSupport.DisplayName(path)} kernels");
        }

        Path = path;
        _buffers = buffers;
    }

    /// <summary>The instruction set.</summary>
    public KernelPath Path { get; }

    /// <summary>Computes <c>C (=|+=) A · B</c> with the micro-kernel of <paramref name="path"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The instruction set.</param>
    /// <param name="a">The logical A.</param>
    /// <param name="b">The logical B.</param>
    /// <param name="c">C's first element.</param>
    /// <param name="ldc">Distance between C's rows.</param>
    /// <param name="buffers">The calling thread's buffers.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply<T>(KernelPath path, in MatrixView<T> a, in MatrixView<T> b, T* c, nint ldc, WorkspaceBuffers<T> buffers, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (path)
        {
            case KernelPath.Vector512:
                GemmKernel<T, MicroKernel512<T>>.Multiply(a, b, c, ldc, buffers, accumulate);
                break;
            case KernelPath.Vector256:
                GemmKernel<T, MicroKernel256<T>>.Multiply(a, b, c, ldc, buffers, accumulate);
                break;
            default:
                GemmKernel<T, MicroKernelScalar<T>>.Multiply(a, b, c, ldc, buffers, accumulate);
                break;
        }
    }

    /// <summary>Computes <c>C (=|+=) A · B</c> with B packed beforehand for <paramref name="path"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The instruction set B was packed for.</param>
    /// <param name="a">The logical A.</param>
    /// <param name="b">The packed B.</param>
    /// <param name="c">C's first element.</param>
    /// <param name="ldc">Distance between C's rows.</param>
    /// <param name="buffers">The calling thread's buffers.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply<T>(KernelPath path, in MatrixView<T> a, PackedMatrix<T> b, T* c, nint ldc, WorkspaceBuffers<T> buffers, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (path)
        {
            case KernelPath.Vector512:
                GemmKernel<T, MicroKernel512<T>>.Multiply(a, b, c, ldc, buffers, accumulate);
                break;
            case KernelPath.Vector256:
                GemmKernel<T, MicroKernel256<T>>.Multiply(a, b, c, ldc, buffers, accumulate);
                break;
            default:
                GemmKernel<T, MicroKernelScalar<T>>.Multiply(a, b, c, ldc, buffers, accumulate);
                break;
        }
    }

    /// <inheritdoc />
    public void Multiply(MatrixView<double> a, MatrixView<double> b, double* c, nint ldc, bool accumulate = false) =>
        Multiply(Path, a, b, c, ldc, _buffers, accumulate);
}
