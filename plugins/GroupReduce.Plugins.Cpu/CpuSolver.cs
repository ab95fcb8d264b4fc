using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Solving;

namespace GroupReduce.Plugins.Cpu;

/// <summary>The configured CPU solver: opens sessions and keeps the kernel counters of all of them.</summary>
internal sealed class CpuSolver : ISolver
{
    private readonly CpuSolverOptions _options;
    private readonly PluginContext _context;
    private readonly KernelCounters _counters = new(KernelCounters.Gram, KernelCounters.Eigen, KernelCounters.Score, KernelCounters.Project, KernelCounters.Error);
    private bool _disposed;

    /// <summary>Creates the solver.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="context">The host context.</param>
    public CpuSolver(CpuSolverOptions options, PluginContext context)
    {
        _options = options;
        _context = context;
        Device = new SolverDevice("cpu", CpuDescription.Describe(options.Path), 0, options.Threads);
    }

    /// <inheritdoc />
    public SolverDevice Device { get; }

    /// <inheritdoc />
    public ISolverSession Open(IRowMatrix matrix, ReadOnlyMemory<double> weights)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matrix);
        return new CpuSolverSession(matrix, weights, _options, _context, _counters);
    }

    /// <inheritdoc />
    public IReadOnlyList<KernelStatistics> GetStatistics() => _counters.Snapshot();

    /// <inheritdoc />
    public void Dispose() => _disposed = true;
}
