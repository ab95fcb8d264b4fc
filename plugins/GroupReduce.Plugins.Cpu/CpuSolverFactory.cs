using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Cpu;

/// <summary>
/// The built-in <c>cpu</c> solver: frequency-weighted Gram matrices, top eigenpairs and refinement scoring
/// with multi-threaded, cache-blocked SIMD kernels (AVX-512, AVX2 or scalar). Results are bitwise
/// identical for any thread count. Options: <c>threads</c>, <c>eigensolver</c> (auto|full|subspace),
/// <c>tolerance</c>, <c>max_iterations</c>, <c>seed</c>, <c>gram_cache_mb</c>.
/// </summary>
public sealed class CpuSolverFactory : ISolverFactory
{
    /// <inheritdoc />
    public string Name => "cpu";

    /// <inheritdoc />
    public string Description => "Weighted low-rank bases and refinement scoring on the CPU (multi-threaded SIMD kernels, deterministic).";

    /// <inheritdoc />
    public ISolver Create(PluginOptions options, PluginContext context)
    {
        CpuSolverOptions parsed = CpuSolverOptions.Parse(options, context);
        return new CpuSolver(parsed, context);
    }
}
