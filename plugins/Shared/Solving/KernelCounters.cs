using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Solving;

/// <summary>
/// Thread-safe per-kernel totals (calls, flops, wall time) over a solver's sessions. Each solver names the kernels it
/// reports, in the order its snapshots list them.
/// </summary>
internal sealed class KernelCounters
{
    /// <summary>Compiling and loading device kernels, once per solver (no flops): reported apart from compute time.</summary>
    public const string Compile = "compile";

    /// <summary>The weighted Gram accumulation (triangle only; on a device, transfers included).</summary>
    public const string Gram = "gram";

    /// <summary>The eigensolver (on the host).</summary>
    public const string Eigen = "eigen";

    /// <summary>Scoring rows against every basis (on a device, transfers included).</summary>
    public const string Score = "score";

    /// <summary>Projecting rows onto a basis (on a device, transfers included).</summary>
    public const string Project = "project";

    /// <summary>Measuring reconstruction errors (on a device, transfers included).</summary>
    public const string Error = "error";

    /// <summary>A device's tiled product kernel alone (device time of every product launch): the rate to compare with the device's peak.</summary>
    public const string Product = "product";

    private readonly string[] _order;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KernelStatistics> _totals = new(StringComparer.Ordinal);

    /// <summary>Creates empty counters.</summary>
    /// <param name="order">The kernels every snapshot lists, in this order, whether called or not.</param>
    public KernelCounters(params string[] order)
    {
        _order = order;
    }

    /// <summary>The flops of scoring: the product with the stacked bases and the squared sums of scores and rows.</summary>
    /// <param name="rows">Rows scored.</param>
    /// <param name="columns">The row width.</param>
    /// <param name="width">The stacked bases' total rank.</param>
    /// <returns>The count, as every solver reports it.</returns>
    public static double ScoreFlops(long rows, int columns, int width) => (2.0 * rows * columns * width) + (2.0 * rows * (columns + width));

    /// <summary>The flops of projecting rows onto a basis.</summary>
    /// <param name="rows">Rows projected.</param>
    /// <param name="columns">The row width.</param>
    /// <param name="rank">The basis's rank.</param>
    /// <returns>The count, as every solver reports it.</returns>
    public static double ProjectFlops(long rows, int columns, int rank) => 2.0 * rows * columns * rank;

    /// <summary>The flops of measuring reconstruction errors: the reconstruction (unless given dense) and the error sums.</summary>
    /// <param name="rows">Rows measured.</param>
    /// <param name="columns">The row width.</param>
    /// <param name="rank">The basis's rank.</param>
    /// <param name="dense">Whether the approximation came dense (no product to count).</param>
    /// <returns>The count, as every solver reports it.</returns>
    public static double ErrorFlops(long rows, int columns, int rank, bool dense) => (dense ? 0 : 2.0 * rows * columns * rank) + (5.0 * rows * columns);

    /// <summary>Adds calls.</summary>
    /// <param name="name">The kernel.</param>
    /// <param name="flops">Floating-point operations.</param>
    /// <param name="elapsed">Wall time.</param>
    /// <param name="calls">How many calls the flops and time cover (several run side by side).</param>
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

    /// <summary>The totals of the kernels named at construction, in that order.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<KernelStatistics> Snapshot()
    {
        lock (_lock)
        {
            var result = new List<KernelStatistics>(_order.Length);
            foreach (string name in _order)
            {
                result.Add(_totals.GetValueOrDefault(name, new KernelStatistics(name, 0, 0, TimeSpan.Zero)));
            }

            return result;
        }
    }
}
