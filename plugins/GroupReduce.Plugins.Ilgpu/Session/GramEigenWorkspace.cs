using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Ilgpu.Session;

/// <summary>
/// One thread's reusable eigensolver and GEMM packing buffers, so that groups solved side by side never share memory
/// and a thread solving several groups allocates only once.
/// </summary>
internal sealed class GramEigenWorkspace : IDisposable
{
    private readonly WorkspaceBuffers<double> _buffers = new();

    /// <summary>The dense symmetric eigensolver.</summary>
    public SymmetricEigensolver Solver { get; } = new();

    /// <summary>The GEMMs on the calling thread, on the fastest kernel path this machine has.</summary>
    public SerialGemm Gemm => new(KernelPathSupport.Best, _buffers);

    /// <inheritdoc />
    public void Dispose()
    {
        Solver.Dispose();
        _buffers.Dispose();
    }
}
