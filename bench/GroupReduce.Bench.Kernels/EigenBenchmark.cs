using System.Diagnostics;
using GroupReduce.Plugins.Cpu;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Numerics;
using GroupReduce.Plugins.Numerics;
using MathNet.Numerics.LinearAlgebra.Double;

namespace GroupReduce.Bench.Kernels;

/// <summary>
/// Times the dense eigensolver (one thread) against MathNet's EVD on realistic Grams, with its phases, and subspace
/// iteration (cold and warm) for the <c>auto</c> rule.
/// </summary>
internal static unsafe class EigenBenchmark
{
    private const int Repeats = 3;

    public static void Run(int threads, IReadOnlyList<int> sizes)
    {
        using var kernels = new DenseKernels(KernelPathSupport.Best, threads);
        foreach (int d in sizes)
        {
            double[] gram = CreateGram(kernels, d);
            fixed (double* pinned = gram)
            {
                double* g = pinned;
                double mathNet = TimeMathNet(gram, d);
                Console.WriteLine($"eigen d={d}: MathNet EVD (all pairs) {mathNet:F3} s");
                using var solver = new SymmetricEigensolver();
                foreach (int count in new[] { 32, 256, 1024 }.Where(count => count <= d))
                {
                    var watch = Stopwatch.StartNew();
                    Solve(solver, WorkerGemm.On(kernels, 0), g, d, count);
                    double first = watch.Elapsed.TotalSeconds;
                    double seconds = Best(() => Solve(solver, WorkerGemm.On(kernels, 0), g, d, count));
                    Console.WriteLine($"  dense solver, 1 thread, top {count,4}: {seconds:F3} s  ({mathNet / seconds:F1}x faster than MathNet; first call {first:F3} s)");
                }

                PrintSideBySide(kernels, g, d);

                PrintPhases(kernels, g, d);
                PrintSubspace(kernels, g, d);
            }
        }
    }

    private static double[] CreateGram(DenseKernels kernels, int d)
    {
        const int rows = 8192;
        float[] values = SyntheticProblem.Create(kernels, rows, d, seed: 2);
        var gram = new double[d * d];
        fixed (float* x = values)
        fixed (double* g = gram)
        {
            kernels.AccumulateGramUpper(new MatrixView<float>(x, rows, d, d), g, d, 1.0);
            for (int i = 0; i < d; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    g[(i * d) + j] = g[(j * d) + i];
                }
            }
        }

        return gram;
    }

    private static double TimeMathNet(double[] gram, int d)
    {
        var watch = Stopwatch.StartNew();
        MathNet.Numerics.LinearAlgebra.Factorization.Evd<double> evd = DenseMatrix.OfColumnMajor(d, d, gram).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        GC.KeepAlive(evd);
        return watch.Elapsed.TotalSeconds;
    }

    private static void Solve(SymmetricEigensolver solver, WorkerGemm gemm, double* g, int d, int count)
    {
        var values = new double[count];
        var vectors = new double[(long)d * count];
        fixed (double* v = vectors)
        {
            solver.Solve(gemm, g, d, count, values, v);
        }
    }

    private static double Best(Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static void PrintSideBySide(DenseKernels kernels, double* g, int d)
    {
        if (kernels.Threads < 2)
        {
            return;
        }

        // As FitBases runs a batch: one problem per worker, each on one thread.
        const int count = 256;
        int workers = kernels.Threads;
        var solvers = new SymmetricEigensolver[workers];
        for (int w = 0; w < workers; w++)
        {
            solvers[w] = new SymmetricEigensolver();
        }

        int problems = 2 * workers;
        double sequential = Best(() =>
        {
            for (int p = 0; p < problems; p++)
            {
                Solve(solvers[0], WorkerGemm.On(kernels, 0), g, d, Math.Min(count, d));
            }
        });
        double parallel = Best(() => kernels.Runner.Run(workers, worker =>
        {
            for (int p = worker; p < problems; p += workers)
            {
                Solve(solvers[worker], WorkerGemm.On(kernels, worker), g, d, Math.Min(count, d));
            }
        }));
        Console.WriteLine($"  {problems} problems (top {Math.Min(count, d)}): one after another {sequential:F3} s, {workers} side by side {parallel:F3} s ({sequential / parallel:F2}x)");
        foreach (SymmetricEigensolver solver in solvers)
        {
            solver.Dispose();
        }
    }

    private static void PrintPhases(DenseKernels kernels, double* g, int d)
    {
        using var a = new NativeBuffer<double>();
        using var diagonal = new NativeBuffer<double>();
        using var offDiagonal = new NativeBuffer<double>();
        using var tau = new NativeBuffer<double>();
        using var vectors = new NativeBuffer<double>();
        using var tridiagonalizer = new HouseholderTridiagonalizer();
        using var divideAndConquer = new TridiagonalDivideAndConquer();
        using var backTransform = new HouseholderBackTransform();
        long size = (long)d * d;
        double reduce = Best(() =>
        {
            new ReadOnlySpan<double>(g, (int)size).CopyTo(a.AsSpan((int)size));
            tridiagonalizer.Reduce(a.Pointer, d, diagonal.Ensure(d), offDiagonal.Ensure(d), tau.Ensure(d), CancellationToken.None);
        });
        var savedDiagonal = new double[d];
        var savedOff = new double[d];
        new ReadOnlySpan<double>(diagonal.Pointer, d).CopyTo(savedDiagonal);
        new ReadOnlySpan<double>(offDiagonal.Pointer, d).CopyTo(savedOff);
        double tridiagonal = Best(() =>
        {
            savedDiagonal.CopyTo(diagonal.AsSpan(d));
            savedOff.CopyTo(offDiagonal.AsSpan(d));
            vectors.AsSpan((int)size).Clear();
            divideAndConquer.Solve(WorkerGemm.On(kernels, 0), diagonal.Pointer, offDiagonal.Pointer, d, vectors.Pointer, d, CancellationToken.None);
        });
        double back = Best(() => backTransform.Apply(WorkerGemm.On(kernels, 0), a.Pointer, tau.Pointer, d, vectors.Pointer, d));
        Console.WriteLine($"  phases for all {d} pairs: tridiagonalise {reduce:F3} s, divide and conquer {tridiagonal:F3} s, back-transform {back:F3} s");
    }

    private static void PrintSubspace(DenseKernels kernels, double* g, int d)
    {
        using var subspace = new SubspaceEigensolver();
        foreach (int rank in new[] { 32, 128, 256 }.Where(rank => 4 * rank <= d))
        {
            var watch = Stopwatch.StartNew();
            EigenResult? cold = subspace.Solve(WorkerGemm.All(kernels), g, d, rank, [], 0, 7, CpuSolverOptions.DefaultTolerance, CpuSolverOptions.DefaultMaxIterations, CancellationToken.None, out _);
            double coldTime = watch.Elapsed.TotalSeconds;
            string warm = "-";
            if (cold is not null)
            {
                watch.Restart();
                EigenResult? again = subspace.Solve(WorkerGemm.All(kernels), g, d, rank, cold.Block, cold.BlockColumns, 7, CpuSolverOptions.DefaultTolerance, CpuSolverOptions.DefaultMaxIterations, CancellationToken.None, out _);
                warm = $"{watch.Elapsed.TotalSeconds:F3} s ({again?.Iterations} it)";
            }

            Console.WriteLine($"  subspace iteration ({kernels.Threads} threads) rank {rank,4}: cold {coldTime:F3} s ({(cold is null ? "no convergence" : cold.Iterations + " it")}), warm {warm}");
        }
    }
}
