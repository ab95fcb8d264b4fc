using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Ilgpu;

/// <summary>Thread-safe per-kernel totals (calls, flops, wall time) over a solver's sessions.</summary>
internal sealed class KernelCounters
{
    /// <summary>Compiling and loading the kernels, once per solver (no flops): reported apart from compute time.</summary>
    public const string Compile = "compile";

    /// <summary>Weighted Grams, transfers included (triangle only).</summary>
    public const string Gram = "gram";

    /// <summary>The host eigensolver.</summary>
    public const string Eigen = "eigen";

    /// <summary>Scoring rows against every basis, transfers included.</summary>
    public const string Score = "score";

    /// <summary>Projecting rows onto a basis, transfers included.</summary>
    public const string Project = "project";

    /// <summary>Measuring reconstruction errors, transfers included.</summary>
    public const string Error = "error";

    /// <summary>The tiled product kernel alone (device time of every product launch): the rate to compare with the device's peak.</summary>
    public const string Product = "product";

    private static readonly string[] Order = [Compile, Gram, Eigen, Score, Project, Error, Product];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KernelStatistics> _totals = new(StringComparer.Ordinal);

    /// <summary>Adds calls.</summary>
    /// <param name="name">The kernel.</param>
    /// <param name="flops">Floating-point operations.</param>
    /// <param name="elapsed">Wall time.</param>
    /// <param name="calls">How many calls the flops and time cover.</param>
    public void Add(string name, double flops, TimeSpan elapsed, int calls = 1)
    {
        lock (_lock)
        {
            KernelStatistics current = _totals.GetValueOrDefault(name, new KernelStatistics(name, 0, 0, TimeSpan.Zero));
            _totals[name] = current with
            {
                Calls = current.Calls + calls,
                FloatingPointOperations = current.FloatingPointOperations + flops,
                Elapsed = current.Elapsed + elapsed,
            };
        }
    }

    /// <summary>The totals, in the fixed order compile, gram, eigen, score, project, error, product.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<KernelStatistics> Snapshot()
    {
        lock (_lock)
        {
            var result = new List<KernelStatistics>(Order.Length);
            foreach (string name in Order)
            {
                result.Add(_totals.GetValueOrDefault(name, new KernelStatistics(name, 0, 0, TimeSpan.Zero)));
            }

            return result;
        }
    }
}
