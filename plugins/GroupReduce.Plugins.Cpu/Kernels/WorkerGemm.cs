using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// Where a solver's double-precision GEMMs run: on one worker's buffers and the calling thread (so that several
/// solvers can run side by side), or split across all workers (for a lone solve). The products are the same bit
/// for bit either way, because the kernels' results never depend on how C is split.
/// </summary>
internal readonly unsafe struct WorkerGemm : IDoubleGemm
{
    private readonly int _worker;

    private WorkerGemm(DenseKernels kernels, int worker)
    {
        Kernels = kernels;
        _worker = worker;
    }

    /// <summary>The kernels.</summary>
    public DenseKernels Kernels { get; }

    /// <summary>GEMMs on the calling thread with the buffers of <paramref name="worker"/>.</summary>
    /// <param name="kernels">The kernels.</param>
    /// <param name="worker">The worker index; concurrent solvers need different ones.</param>
    /// <returns>The target.</returns>
    public static WorkerGemm On(DenseKernels kernels, int worker)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worker);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(worker, kernels.Threads);
        return new WorkerGemm(kernels, worker);
    }

    /// <summary>GEMMs split across all workers; nothing else may use the kernels meanwhile.</summary>
    /// <param name="kernels">The kernels.</param>
    /// <returns>The target.</returns>
    public static WorkerGemm All(DenseKernels kernels) => new(kernels, -1);

    /// <inheritdoc />
    public void Multiply(MatrixView<double> a, MatrixView<double> b, double* c, nint ldc, bool accumulate = false)
    {
        if (_worker < 0)
        {
            Kernels.Multiply(a, b, c, ldc, accumulate);
        }
        else
        {
            Kernels.MultiplyOn(_worker, a, b, c, ldc, accumulate);
        }
    }
}
