using GroupReduce.Bench.Kernels;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

int threads = Environment.ProcessorCount;
string only = "all";
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--threads")
    {
        threads = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--only")
    {
        only = args[i + 1];
    }
}

double peak1 = PeakMeter.Measure(1);
double peakN = PeakMeter.Measure(threads);
Console.WriteLine($"fp32 FMA peak (measured now, {PeakMeter.VectorPath}): 1 thread {peak1:F1} GFLOP/s, {threads} threads {peakN:F1} GFLOP/s");
if (only is "all" or "kernels")
{
    foreach (KernelPath path in new[] { KernelPath.Vector512, KernelPath.Vector256 })
    {
        if (!KernelPathSupport.IsSupported(path))
        {
            continue;
        }

        if (path == KernelPath.Vector512)
        {
            Report($"{path} t=1 micro-kernel alone (panels in cache)", KernelBenchmarks.MicroKernel<MicroKernel512<float>>(narrow: false), 1);
            Report($"{path} t=1 half-width micro-kernel alone", KernelBenchmarks.MicroKernel<MicroKernel512<float>>(narrow: true), 1);
        }
        else
        {
            Report($"{path} t=1 micro-kernel alone (panels in cache)", KernelBenchmarks.MicroKernel<MicroKernel256<float>>(narrow: false), 1);
            Report($"{path} t=1 half-width micro-kernel alone", KernelBenchmarks.MicroKernel<MicroKernel256<float>>(narrow: true), 1);
        }

        foreach (int t in threads == 1 ? new[] { 1 } : new[] { 1, threads })
        {
            KernelBenchmarks.CurrentThreads = t;
            using var kernels = new DenseKernels(path, t);
            Report($"{path} t={t} scoring GEMM 4096x1024x512 (packed)", KernelBenchmarks.ScoringGemm(kernels, 4096, 1024, 512), 1);
            Report($"{path} t={t} GEMM 4096x1024x512", KernelBenchmarks.Gemm(kernels, 4096, 1024, 512), 1);
            Report($"{path} t={t} SYRK 1024 rows x 1024 (triangle)", KernelBenchmarks.Syrk(kernels, 1024, 1024), 1);
            Report($"{path} t={t} fp64 GEMM 1024x1024x320 (vs fp64 peak)", KernelBenchmarks.GemmDouble(kernels, 1024, 320), 2);
        }
    }
}

if (only is "all" or "eigen")
{
    EigenBenchmark.Run(threads, [256, 512, 1024]);
}

if (only is "all" or "solver")
{
    SolverBenchmark.Run(threads, 100_000, 1024, peakN, "auto");
}

static void Report(string name, (double Gflops, double Peak) result, double peakDivisor) =>
    Console.WriteLine($"{name,-56} {result.Gflops,7:F1} GFLOP/s  {100 * result.Gflops * peakDivisor / result.Peak,5:F1}% of the peak measured alongside ({result.Peak / peakDivisor:F1})");
