using System.Diagnostics;
using System.Globalization;
using GroupReduce.Bench;
using GroupReduce.Bench.Kernels;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;

// Usage: dotnet run -c Release --project bench/GroupReduce.Bench -- [--scale 1.0] [--dim 1024] [--groups 10]
//        [--rate 6.6] [--iterations 3] [--threads N] [--quantizer float] [--data bench/data] [--regenerate]
BenchOptions options = BenchOptions.Parse(args);
TextWriter log = Console.Out;
string model = ObwProblem.EnsureModel(options, log);
string spec = Path.Combine(options.DataFolder, "obw.groupreduce.yaml");
File.WriteAllText(spec, string.Create(CultureInfo.InvariantCulture, $"""
    version: 1
    matrices: [embedding, softmax]
    frequencies:
      source: zipf
      exponent: 1.0
    budget:
      rate: {options.Rate}x
    groups: {options.Groups}
    partition: shared
    refinement:
      iterations: {options.Iterations}
      min_moved_fraction: 0
    solver:
      name: cpu
      options:
        threads: {options.Threads}
    quantizer: {options.Quantizer}
    output:
      report: false
    """));

long inputBytes = new FileInfo(model).Length;
var request = new CompressionRequest
{
    Spec = SpecLoader.Load(spec),
    ModelPath = Path.GetFullPath(model),
    OutputPath = Path.GetFullPath(Path.Combine(options.DataFolder, "obw.gr.safetensors")),
    MaxDegreeOfParallelism = options.Threads,
};

log.WriteLine($"compressing {options.Rows:N0} x {options.Dim} (embedding + softmax) to {options.Rate}x with {options.Groups} groups, {options.Iterations} refinement iterations, {options.Threads} threads");
GC.Collect();
var sampler = new MemorySampler();
var clock = Stopwatch.StartNew();
CompressionReport report = CompressionEngine.Run(request, new ConsoleObserver(log, sampler), CancellationToken.None);
double seconds = clock.Elapsed.TotalSeconds;
sampler.Dispose();

log.WriteLine();
log.WriteLine($"end-to-end: {seconds:0.00} s (input {inputBytes / 1e9:0.00} GB, memory-mapped)");
log.WriteLine($"result: {report.Result.Rate:0.00}x, {report.Result.Bytes:N0} bytes, weighted relative error {report.Result.WeightedRelativeError:P3}");
foreach (StageTiming timing in report.Timings)
{
    log.WriteLine($"  stage {timing.Stage,-24} {timing.Seconds,8:0.00} s");
}

foreach (PartitionReport partition in report.Partitions)
{
    foreach (RefinementStep step in partition.Refinement)
    {
        log.WriteLine($"  refine {partition.Name} #{step.Iteration}: {step.MovedRows:N0} moved, objective {step.RelativeObjective:P4}, {step.Outcome}, {step.Seconds:0.00} s");
    }
}

double peak = PeakMeter.Measure(options.Threads);
log.WriteLine($"fp32 FMA peak measured now on {options.Threads} thread(s): {peak:0.0} GFLOP/s");
foreach (KernelReport kernel in report.Kernels)
{
    log.WriteLine($"  kernel {kernel.Name,-10} {kernel.Gflop,10:0.0} GFLOP in {kernel.Seconds,7:0.00} s = {kernel.GflopsPerSecond,6:0.0} GFLOP/s ({kernel.GflopsPerSecond / peak:P0} of peak)");
}

log.WriteLine($"peak anonymous memory: {sampler.PeakAnonymousBytes / 1e9:0.00} GB = {(double)sampler.PeakAnonymousBytes / inputBytes:0.000}x the input; peak file-backed: {sampler.PeakFileBytes / 1e9:0.00} GB; peak resident: {sampler.PeakResidentBytes / 1e9:0.00} GB");
