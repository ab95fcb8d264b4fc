using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GroupReduce.Bench.Kernels;

/// <summary>
/// Measures this machine's single-precision FMA peak with a loop of independent FMAs and no memory traffic, on the
/// widest vector the hardware runs natively: 512-bit (<see cref="Vector512"/>) when
/// <see cref="Vector512.IsHardwareAccelerated"/> (AVX-512), else 256-bit (<see cref="Vector256"/>, one <c>vfmadd</c>
/// per FMA) when the CPU has AVX and FMA (AVX2 machines such as Zen 2), else 128-bit (<see cref="Vector128"/>: Arm's
/// AdvSimd, or SSE without FMA, where the figure is two instructions per FMA and only a rough one).
/// <see cref="VectorBits"/> and <see cref="VectorPath"/> say which one was measured.
/// </summary>
/// <remarks>
/// Why not always 512-bit: on an AVX2-only CPU the runtime emulates <see cref="Vector512{T}"/> with two 256-bit
/// halves and copies, and the figure came out at about half the real peak (72.7 GFLOP/s on 2 threads of a Zen 2 whose
/// scoring GEMM ran at 131). Twelve independent accumulators per thread cover the FMA latency on every current core
/// (Zen 2: 5 cycles x 2 pipes = 10 in flight; Zen 4/5 and Intel since Skylake: 4 x 2 = 8) and, with the two
/// operands, still fit AVX2's 16 vector registers, so nothing spills.
/// </remarks>
internal static class PeakMeter
{
    private const int Accumulators = 12;

    /// <summary>The width of the vectors the loop runs on: 512, 256 or 128 bits.</summary>
    public static int VectorBits { get; } =
        Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? 256
        : 128;

    /// <summary>The path measured, in words (for the printout beside the figure).</summary>
    public static string VectorPath => VectorBits switch
    {
        512 => "512-bit FMA (AVX-512)",
        256 => "256-bit FMA (AVX2 + FMA)",
        _ => Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "128-bit FMA" : "128-bit multiply-add (no FMA)",
    };

    /// <summary>GFLOP/s with <paramref name="threads"/> threads each running the loop.</summary>
    /// <param name="threads">Threads.</param>
    /// <param name="attempts">Runs of about 0.3 s; the best counts (other processes only ever slow it down).</param>
    /// <returns>Measured peak.</returns>
    public static double Measure(int threads, int attempts = 3)
    {
        Run(10_000);

        // About the same time per attempt on every path: the narrower the vector, the more FMAs per second it takes to matter.
        long iterations = 100_000_000L * 512 / VectorBits;
        double best = 0;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            var watch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Run(iterations));
            watch.Stop();
            best = Math.Max(best, threads * iterations * FlopsPerIteration / watch.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    // Each iteration: one FMA (2 flops) per float lane in each accumulator.
    private static double FlopsPerIteration => Accumulators * 2.0 * (VectorBits / 32);

    private static float Run(long iterations) => VectorBits switch
    {
        512 => Loop512(iterations),
        256 => Loop256(iterations),
        _ => Loop128(iterations),
    };

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(long iterations)
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

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(long iterations)
    {
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector256<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        Vector256<float> x = Vector256.Create(0.999999f), y = Vector256.Create(1e-7f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y);
            a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y);
            a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y);
            a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y);
            a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y);
            a9 = Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = Vector256.FusedMultiplyAdd(a10, x, y);
            a11 = Vector256.FusedMultiplyAdd(a11, x, y);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop128(long iterations)
    {
        Vector128<float> a0 = Vector128.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector128<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        Vector128<float> x = Vector128.Create(0.999999f), y = Vector128.Create(1e-7f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector128.FusedMultiplyAdd(a0, x, y);
            a1 = Vector128.FusedMultiplyAdd(a1, x, y);
            a2 = Vector128.FusedMultiplyAdd(a2, x, y);
            a3 = Vector128.FusedMultiplyAdd(a3, x, y);
            a4 = Vector128.FusedMultiplyAdd(a4, x, y);
            a5 = Vector128.FusedMultiplyAdd(a5, x, y);
            a6 = Vector128.FusedMultiplyAdd(a6, x, y);
            a7 = Vector128.FusedMultiplyAdd(a7, x, y);
            a8 = Vector128.FusedMultiplyAdd(a8, x, y);
            a9 = Vector128.FusedMultiplyAdd(a9, x, y);
            a10 = Vector128.FusedMultiplyAdd(a10, x, y);
            a11 = Vector128.FusedMultiplyAdd(a11, x, y);
        }

        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
