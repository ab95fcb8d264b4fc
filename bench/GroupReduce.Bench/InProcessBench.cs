using System.Diagnostics;
using System.Globalization;
using GroupReduce.Bench.Kernels;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;

namespace GroupReduce.Bench;

/// <summary>The OBW-shaped job run by the engine inside this process, with the stage-by-stage memory log.</summary>
internal static class InProcessBench
{
    public static void Run(BenchOptions options, TextWriter log)
    {
        string model = ObwProblem.EnsureModel(options, log);
        string spec = Path.Combine(options.DataFolder, "obw.groupreduce.yaml");
        ObwSpec.Write(spec, options, options.Partition ?? "shared", report: false);

        long inputBytes = new FileInfo(model).Length;
        var request = new CompressionRequest
        {
            Spec = SpecLoader.Load(spec),
            ModelPath = Path.GetFullPath(model),
            OutputPath = Path.GetFullPath(Path.Combine(options.DataFolder, "obw.gr.safetensors")),
            MaxDegreeOfParallelism = options.Threads,
        };

        log.WriteLine($"compressing {options.Rows:N0} x {options.Dim} (embedding + softmax) to {options.Rate}x with {options.Groups} groups, {options.Iterations} refinement iterations, {options.Threads} threads, solver {options.Solver}");
        GC.Collect();
        var sampler = new MemorySampler();
        var clock = Stopwatch.StartNew();
        var observer = new ConsoleObserver(log, sampler);
        CompressionReport report = CompressionEngine.Run(request, observer, CancellationToken.None);
        double seconds = clock.Elapsed.TotalSeconds;
        sampler.Dispose();

        log.WriteLine();
        log.WriteLine($"end-to-end: {seconds:0.00} s (input {inputBytes / 1e9:0.00} GB, memory-mapped)");
        if (report.Kernels.FirstOrDefault(k => k.Name == "compile") is { } compile)
        {
            // The first-use kernel compilation happens inside the run; the target is quoted without it.
            log.WriteLine($"kernel compile: {compile.Seconds:0.00} s; end-to-end after compilation: {seconds - compile.Seconds:0.00} s");
        }

        log.WriteLine($"solver device: {report.Plugins.FirstOrDefault(p => p.Kind == "solver")?.Device}");
        log.WriteLine($"result: {report.Result.Rate:0.00}x, {report.Result.Bytes:N0} bytes, weighted relative error {report.Result.WeightedRelativeError:P3}");
        foreach (StageTiming timing in report.Timings)
        {
            log.WriteLine($"  stage {timing.Stage,-24} {timing.Seconds,8:0.00} s");
        }

        foreach (PartitionReport partition in report.Partitions)
        {
            foreach (GroupReduce.Core.LowRank.RefinementStep step in partition.Refinement)
            {
                log.WriteLine($"  refine {partition.Name} #{step.Iteration}: {step.MovedRows:N0} moved, objective {step.RelativeObjective:P4}, {step.Outcome}, {step.Seconds:0.00} s");
            }
        }

        // The ilgpu solver's kernels run on its device: quote them against the device's peak (which the solver states), not the CPU's.
        double peak = options.Solver == "ilgpu" ? DevicePeak(observer.Messages) : PeakMeter.Measure(options.Threads);
        log.WriteLine(options.Solver == "ilgpu"
            ? (peak > 0 ? $"device fp32 peak (nominal, from the solver): {peak:0} GFLOP/s" : "device fp32 peak: unknown for this device")
            : $"fp32 FMA peak measured now on {options.Threads} thread(s), {PeakMeter.VectorPath}: {peak:0.0} GFLOP/s");
        foreach (KernelReport kernel in report.Kernels)
        {
            string share = peak > 0 && kernel.Gflop > 0 ? $" ({kernel.GflopsPerSecond / peak:P0} of peak)" : string.Empty;
            log.WriteLine($"  kernel {kernel.Name,-10} {kernel.Gflop,10:0.0} GFLOP in {kernel.Seconds,7:0.00} s = {kernel.GflopsPerSecond,8:0.0} GFLOP/s{share}");
        }

        log.WriteLine($"peak anonymous memory: {sampler.PeakAnonymousBytes / 1e9:0.00} GB = {(double)sampler.PeakAnonymousBytes / inputBytes:0.000}x the input; peak file-backed: {sampler.PeakFileBytes / 1e9:0.00} GB; peak resident: {sampler.PeakResidentBytes / 1e9:0.00} GB");
    }

    private static double DevicePeak(IEnumerable<string> messages)
    {
        foreach (string message in messages)
        {
            System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Regex.Match(message, @"fp32 peak (\d+) GFLOP/s");
            if (match.Success)
            {
                return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
