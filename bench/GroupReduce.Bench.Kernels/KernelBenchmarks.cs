using System.Diagnostics;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Bench.Kernels;

/// <summary>Times the GEMM (scoring shape) and the Gram SYRK on one kernel path.</summary>
internal static unsafe class KernelBenchmarks
{
    /// <summary>The scoring GEMM: every worker multiplies its own row chunks by the shared packed bases.</summary>
    /// <param name="kernels">The kernels.</param>
    /// <param name="rows">Rows per chunk.</param>
    /// <param name="d">Columns.</param>
    /// <param name="sumRank">Total basis width.</param>
    /// <returns>GFLOP/s and the FMA peak measured alongside.</returns>
    public static (double Gflops, double Peak) ScoringGemm(DenseKernels kernels, int rows, int d, int sumRank)
    {
        using var a = new NativeBuffer<float>();
        using var b = new NativeBuffer<float>();
        using var c = new NativeBuffer<float>();
        using var packed = new PackedMatrix<float>();
        Fill(a.AsSpan(rows * d), 1);
        Fill(b.AsSpan(d * sumRank), 2);
        c.Ensure((long)rows * sumRank);
        kernels.Pack(new MatrixView<float>(b.Pointer, d, sumRank, sumRank), packed);
        int threads = kernels.Threads;
        int slab = rows / threads;
        void Once() => kernels.Runner.Run(threads, t =>
            kernels.MultiplyPacked(t, new MatrixView<float>(a.Pointer + ((long)t * slab * d), slab, d, d), packed, c.Pointer + ((long)t * slab * sumRank), sumRank));
        return Time(Once, 2.0 * rows * d * sumRank);
    }

    /// <summary>
    /// The single-precision micro-kernel alone on one thread, its panels cache-resident (one A panel against the
    /// panels of one B block, as the macro-kernel runs them): the ceiling the products can reach.
    /// </summary>
    /// <typeparam name="TKernel">The micro-kernel.</typeparam>
    /// <param name="narrow">Time the half-width kernel instead of the full one.</param>
    /// <returns>GFLOP/s and the one-thread FMA peak measured alongside.</returns>
    public static (double Gflops, double Peak) MicroKernel<TKernel>(bool narrow)
        where TKernel : struct, IMicroKernel<float>
    {
        const int kc = 256;
        const int panels = 16;
        int width = narrow ? TKernel.Nr / 2 : TKernel.Nr;
        using var a = new NativeBuffer<float>();
        using var b = new NativeBuffer<float>();
        using var c = new NativeBuffer<float>();
        Fill(a.AsSpan(kc * TKernel.Mr), 6);
        Fill(b.AsSpan(kc * TKernel.Nr * panels), 7);
        c.AsSpan(TKernel.Mr * TKernel.Nr * panels).Clear();
        void Once()
        {
            for (int repeat = 0; repeat < 64; repeat++)
            {
                for (int q = 0; q < panels; q++)
                {
                    float* panel = b.Pointer + ((long)q * kc * TKernel.Nr);
                    float* tile = c.Pointer + (q * TKernel.Nr);
                    if (narrow)
                    {
                        TKernel.RunNarrow(kc, a.Pointer, panel, tile, TKernel.Nr * panels, true);
                    }
                    else
                    {
                        TKernel.Run(kc, a.Pointer, panel, tile, TKernel.Nr * panels, true);
                    }
                }
            }
        }

        return TimeAgainstPeak(Once, 2.0 * 64 * panels * kc * TKernel.Mr * width, 1);
    }

    /// <summary>The general multi-threaded GEMM on the same shape.</summary>
    /// <param name="kernels">The kernels.</param>
    /// <param name="m">Rows.</param>
    /// <param name="k">Shared dimension.</param>
    /// <param name="n">Columns.</param>
    /// <returns>GFLOP/s and the FMA peak measured alongside.</returns>
    public static (double Gflops, double Peak) Gemm(DenseKernels kernels, int m, int k, int n)
    {
        using var a = new NativeBuffer<float>();
        using var b = new NativeBuffer<float>();
        using var c = new NativeBuffer<float>();
        Fill(a.AsSpan(m * k), 3);
        Fill(b.AsSpan(k * n), 4);
        c.Ensure((long)m * n);
        void Once() => kernels.Multiply(new MatrixView<float>(a.Pointer, m, k, k), new MatrixView<float>(b.Pointer, k, n, n), c.Pointer, n);
        return Time(Once, 2.0 * m * n * k);
    }

    /// <summary>The double-precision GEMM of the subspace iteration (<c>G · Q</c>).</summary>
    /// <param name="kernels">The kernels.</param>
    /// <param name="d">Gram size.</param>
    /// <param name="block">Block width.</param>
    /// <returns>GFLOP/s and the FMA peak measured alongside.</returns>
    public static (double Gflops, double Peak) GemmDouble(DenseKernels kernels, int d, int block)
    {
        using var a = new NativeBuffer<double>();
        using var b = new NativeBuffer<double>();
        using var c = new NativeBuffer<double>();
        Span<double> aSpan = a.AsSpan(d * d);
        Span<double> bSpan = b.AsSpan(d * block);
        for (int i = 0; i < aSpan.Length; i++)
        {
            aSpan[i] = (i % 17) * 0.01;
        }

        for (int i = 0; i < bSpan.Length; i++)
        {
            bSpan[i] = (i % 13) * 0.01;
        }

        c.Ensure((long)d * block);
        void Once() => kernels.Multiply(new MatrixView<double>(a.Pointer, d, d, d), new MatrixView<double>(b.Pointer, d, block, block), c.Pointer, block);
        return Time(Once, 2.0 * d * d * block);
    }

    /// <summary>The Gram update of one chunk into a double-precision upper triangle.</summary>
    /// <param name="kernels">The kernels.</param>
    /// <param name="rows">Chunk rows.</param>
    /// <param name="d">Columns.</param>
    /// <returns>GFLOP/s (triangle only) and the FMA peak measured alongside.</returns>
    public static (double Gflops, double Peak) Syrk(DenseKernels kernels, int rows, int d)
    {
        using var x = new NativeBuffer<float>();
        using var g = new NativeBuffer<double>();
        Fill(x.AsSpan(rows * d), 5);
        g.AsSpan(d * d).Clear();
        void Once() => kernels.AccumulateGramUpper(new MatrixView<float>(x.Pointer, rows, d, d), g.Pointer, d, 1.0);
        return Time(Once, (double)rows * d * (d + 1));
    }

    /// <summary>
    /// The machine is shared, so a kernel and the FMA peak are measured in alternation and each keeps its
    /// best run: the ratio then compares the two under the same (least) interference.
    /// </summary>
    public static (double Gflops, double Peak) TimeAgainstPeak(Action once, double flops, int threads)
    {
        once();
        double best = double.MaxValue;
        double peak = 0;
        for (int round = 0; round < 4; round++)
        {
            peak = Math.Max(peak, PeakMeter.Measure(threads, attempts: 1));
            var total = Stopwatch.StartNew();
            int runs = 0;
            while (runs < 3 || (total.Elapsed.TotalSeconds < 0.5 && runs < 100))
            {
                var watch = Stopwatch.StartNew();
                once();
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
                runs++;
            }
        }

        return (flops / best / 1e9, peak);
    }

    private static (double Gflops, double Peak) Time(Action once, double flops) => TimeAgainstPeak(once, flops, CurrentThreads);

    /// <summary>The thread count the peak is measured with (set by the caller per kernel configuration).</summary>
    public static int CurrentThreads { get; set; } = 1;

    private static void Fill(Span<float> values, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }
    }
}
