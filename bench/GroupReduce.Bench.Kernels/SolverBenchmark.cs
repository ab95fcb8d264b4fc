using System.Diagnostics;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Bench.Kernels;

/// <summary>FitBases and ScoreRows end to end on a synthetic embedding-sized problem, as refinement would call them.</summary>
internal static class SolverBenchmark
{
    public static void Run(int threads, int rows, int d, double peak, string eigensolver)
    {
        using var kernels = new DenseKernels(KernelPathSupport.Best, threads);
        var watch = Stopwatch.StartNew();
        float[] values = SyntheticProblem.Create(kernels, rows, d, seed: 1);
        double[] weights = SyntheticProblem.ZipfWeights(rows);
        Console.WriteLine($"synthetic {rows} x {d} built in {watch.Elapsed.TotalSeconds:F1} s");

        var options = new PluginOptions("cpu", new OptionMapping(
            [
                new OptionEntry("threads", default, new OptionScalar(threads.ToString(System.Globalization.CultureInfo.InvariantCulture), default)),
                new OptionEntry("eigensolver", default, new OptionScalar(eigensolver, default)),
            ],
            default));
        using ISolver solver = new CpuSolverFactory().Create(options, new PluginContext(new ConsoleLog(), threads));
        Console.WriteLine($"device: {solver.Device}");
        using ISolverSession session = solver.Open(new InMemoryRowMatrix(values, rows, d), weights);

        // Eight frequency groups of equal size, ranks falling with frequency (Σr = 496).
        int[] ranks = [160, 112, 72, 48, 40, 32, 20, 12];
        int size = rows / ranks.Length;
        GroupFitRequest[] requests = ranks.Select((r, g) => new GroupFitRequest(g, Enumerable.Range(g * size, g == ranks.Length - 1 ? rows - (g * size) : size).ToArray(), r)).ToArray();

        watch.Restart();
        IReadOnlyList<GroupBasis> bases = session.FitBases(requests, null, CancellationToken.None);
        double fit = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var projected = new float[(long)rows * bases.Count];
        var norms = new float[rows];
        session.ScoreRows(bases, Enumerable.Range(0, rows).ToArray(), projected, norms, null, CancellationToken.None);
        double score = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"FitBases (fresh, {ranks.Length} groups): {fit:F2} s; ScoreRows (Σr = {ranks.Sum()}): {score:F2} s");

        // A refinement step: 1% of the rows move to the next group.
        var moved = requests.Select(r => r.Rows.ToArray().ToList()).ToArray();
        for (int g = 0; g + 1 < moved.Length; g++)
        {
            int[] leaving = moved[g].Where((_, index) => index % 100 == 7).ToArray();
            moved[g].RemoveAll(row => Array.BinarySearch(leaving, row) >= 0);
            moved[g + 1].AddRange(leaving);
            moved[g + 1].Sort();
        }

        watch.Restart();
        session.FitBases(moved.Select((list, g) => new GroupFitRequest(g, list.ToArray(), ranks[g])).ToArray(), null, CancellationToken.None);
        Console.WriteLine($"FitBases after 1% of rows moved (incremental Grams; warm start only with eigensolver: subspace): {watch.Elapsed.TotalSeconds:F2} s");

        // Other processes only ever lower the measured peak: keep the better of before and after.
        peak = Math.Max(peak, PeakMeter.Measure(threads));
        Console.WriteLine($"kernel totals (against the {threads}-thread FMA peak {peak:F1} GFLOP/s):");
        foreach (KernelStatistics statistics in solver.GetStatistics())
        {
            Console.WriteLine($"  {statistics.Name,-8} calls {statistics.Calls,4}  {statistics.FloatingPointOperations / 1e9,8:F1} GFLOP  {statistics.Elapsed.TotalSeconds,7:F2} s  {statistics.GigaflopsPerSecond,7:F1} GFLOP/s  {100 * statistics.GigaflopsPerSecond / peak,5:F1}% of peak");
        }
    }
}
