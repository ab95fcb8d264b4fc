using GroupReduce.Plugins.Cpu.Numerics;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>One worker's eigensolvers (buffers only), so that workers can solve different groups side by side.</summary>
internal sealed class EigenWorkspace : IDisposable
{
    /// <summary>The dense symmetric solver.</summary>
    public SymmetricEigensolver Dense { get; } = new();

    /// <summary>Block subspace iteration.</summary>
    public SubspaceEigensolver Subspace { get; } = new();

    /// <inheritdoc />
    public void Dispose()
    {
        Dense.Dispose();
        Subspace.Dispose();
    }
}
