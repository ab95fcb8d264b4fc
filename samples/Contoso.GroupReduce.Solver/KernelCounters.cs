using System.Diagnostics;
using GroupReduce.Abstractions.Solving;

namespace Contoso.GroupReduce.Solver;

/// <summary>Per-kernel call counts, flops and time, shared by the solver's sessions (calls are sequential).</summary>
internal sealed class KernelCounters
{
    private readonly Dictionary<string, (long Calls, double Flops, TimeSpan Elapsed)> _kernels = new(StringComparer.Ordinal);

    public void Add(string kernel, double flops, long startTimestamp)
    {
        TimeSpan elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        _kernels.TryGetValue(kernel, out var sum);
        _kernels[kernel] = (sum.Calls + 1, sum.Flops + flops, sum.Elapsed + elapsed);
    }

    public IReadOnlyList<KernelStatistics> Snapshot() =>
        _kernels.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new KernelStatistics(k.Key, k.Value.Calls, k.Value.Flops, k.Value.Elapsed)).ToList();
}
