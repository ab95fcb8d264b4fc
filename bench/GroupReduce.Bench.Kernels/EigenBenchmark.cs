using System.Diagnostics;
using GroupReduce.Plugins.Cpu;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Numerics;

namespace GroupReduce.Bench.Kernels;

/// <summary>Times the full decomposition against subspace iteration (cold and warm) on a realistic Gram, to set the <c>auto</c> rule.</summary>
internal static unsafe class EigenBenchmark
{
    public static void Run(int threads, int d)
    {
        using var kernels = new DenseKernels(KernelPathSupport.Best, threads);
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

            var watch = Stopwatch.StartNew();
            FullEigensolver.Solve(g, d, d);
            Console.WriteLine($"eigen d={d}: full decomposition {watch.Elapsed.TotalSeconds:F2} s");
            using var subspace = new SubspaceEigensolver(kernels);
            foreach (int rank in new[] { 16, 32, 64, 128, 192, 256 })
            {
                watch.Restart();
                EigenResult? cold = subspace.Solve(g, d, rank, [], 0, 7, CpuSolverOptions.DefaultTolerance, CpuSolverOptions.DefaultMaxIterations, CancellationToken.None, out _);
                double coldTime = watch.Elapsed.TotalSeconds;
                string warm = "-";
                if (cold is not null)
                {
                    watch.Restart();
                    EigenResult? again = subspace.Solve(g, d, rank, cold.Block, cold.BlockColumns, 7, CpuSolverOptions.DefaultTolerance, CpuSolverOptions.DefaultMaxIterations, CancellationToken.None, out _);
                    warm = $"{watch.Elapsed.TotalSeconds:F3} s ({again?.Iterations} it)";
                }

                Console.WriteLine($"  rank {rank,4} (block {SubspaceEigensolver.BlockWidth(d, rank)}): subspace cold {coldTime:F2} s ({(cold is null ? "no convergence" : cold.Iterations + " it")}), warm {warm}; auto picks {EigensolverChoice.Choose(d, rank)}");
            }
        }
    }
}
