using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu;

/// <summary>The validated options of the <c>cpu</c> solver.</summary>
/// <param name="Threads">Worker threads.</param>
/// <param name="Eigensolver">The eigensolver choice.</param>
/// <param name="Tolerance">Subspace iteration stops when every wanted residual <c>‖G v − θ v‖</c> is at most this times <c>λ_max</c>.</param>
/// <param name="MaxIterations">Subspace iterations before falling back to the full decomposition.</param>
/// <param name="Seed">Seed of the random start vectors.</param>
/// <param name="GramCacheBytes">Memory for cached Gram matrices (incremental updates); 0 recomputes every Gram.</param>
/// <param name="Path">The kernel instruction set.</param>
internal sealed record CpuSolverOptions(
    int Threads,
    EigensolverKind Eigensolver,
    double Tolerance,
    int MaxIterations,
    long Seed,
    long GramCacheBytes,
    KernelPath Path)
{
    /// <summary>The default tolerance.</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>The default iteration limit.</summary>
    public const int DefaultMaxIterations = 50;

    /// <summary>The default seed.</summary>
    public const long DefaultSeed = 20180606;

    /// <summary>The default cache size in MiB.</summary>
    public const long DefaultGramCacheMegabytes = 4096;

    /// <summary>Reads and validates the option block; unknown keys are errors.</summary>
    /// <param name="options">The spec's options.</param>
    /// <param name="context">The host context (default thread count).</param>
    /// <returns>The options.</returns>
    public static CpuSolverOptions Parse(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        int threads = options.GetInt32("threads", Math.Clamp(context.MaxDegreeOfParallelism, 1, 1024), 1, 1024);
        EigensolverKind eigensolver = options.GetString("eigensolver", "auto", "auto", "full", "subspace") switch
        {
            "full" => EigensolverKind.Full,
            "subspace" => EigensolverKind.Subspace,
            _ => EigensolverKind.Auto,
        };
        double tolerance = options.GetDouble("tolerance", DefaultTolerance, 0, 1);
        if (tolerance <= 0 && options.GetEntry("tolerance") is { } toleranceEntry)
        {
            throw options.Invalid("tolerance", toleranceEntry.Value, "must be greater than 0 (e.g. 1e-6)");
        }

        int maxIterations = options.GetInt32("max_iterations", DefaultMaxIterations, 1, 100_000);
        long seed = options.GetInt64("seed", DefaultSeed, 0, long.MaxValue);
        long cacheMegabytes = options.GetInt64("gram_cache_mb", DefaultGramCacheMegabytes, 0, 1L << 30);
        options.EnsureNoUnknownKeys();
        return new CpuSolverOptions(threads, eigensolver, tolerance, maxIterations, seed, cacheMegabytes << 20, KernelPathSupport.Best);
    }
}
