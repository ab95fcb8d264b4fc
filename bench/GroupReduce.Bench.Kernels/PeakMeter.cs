using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GroupReduce.Bench.Kernels;

/// <summary>Measures this machine's single-precision FMA peak with a loop of independent FMAs and no memory traffic.</summary>
internal static class PeakMeter
{
    /// <summary>GFLOP/s with <paramref name="threads"/> threads each running the loop.</summary>
    /// <param name="threads">Threads.</param>
    /// <param name="attempts">Runs of about 0.3 s; the best counts (other processes only ever slow it down).</param>
    /// <returns>Measured peak.</returns>
    public static double Measure(int threads, int attempts = 3)
    {
        Loop(10_000);
        const long iterations = 100_000_000;
        double best = 0;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            var watch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Loop(iterations));
            watch.Stop();
            best = Math.Max(best, threads * iterations * FlopsPerIteration / watch.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    private static double FlopsPerIteration => 12.0 * 2 * Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop(long iterations)
    {
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector512<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        Vector512<float> x = Vector512.Create(0.999999f), y = Vector512.Create(1e-7f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y);
            a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y);
            a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y);
            a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y);
            a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y);
            a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y);
            a11 = Vector512.FusedMultiplyAdd(a11, x, y);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
