using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Tests.Support;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>The Gram cache's memory limit and the subspace iteration's fallback to the full decomposition.</summary>
public sealed class CacheAndFallbackTests
{
    [Fact]
    public void Gram_cache_evicts_the_least_recently_used_group_when_full()
    {
        // d = 512: one Gram takes 2 MiB, so a 3 MiB cache holds exactly one.
        const int rows = 400, d = 512;
        var matrix = new ArrayRowMatrix(TestData.Uniform(rows * d, 41), rows, d);
        double[] weights = TestData.Ones(rows);
        int[] first = Enumerable.Range(0, 200).ToArray();
        int[] second = Enumerable.Range(200, 200).ToArray();
        int[] firstMoved = Enumerable.Range(0, 210).ToArray();

        using ISolver small = Solvers.Create(2, "full", "1e-9", ("gram_cache_mb", "3"));
        using ISolverSession session = small.Open(matrix, weights);
        session.FitBases([new GroupFitRequest(0, first, 2)], null, CancellationToken.None);
        session.FitBases([new GroupFitRequest(1, second, 2)], null, CancellationToken.None);
        GroupBasis refit = session.FitBases([new GroupFitRequest(0, firstMoved, 2)], null, CancellationToken.None)[0];
        double perRow = (double)d * (d + 1);
        Assert.Equal((200 + 200 + 210) * perRow, small.GetStatistics()[0].FloatingPointOperations);

        using ISolver fresh = Solvers.Create(2, "full");
        using ISolverSession direct = fresh.Open(matrix, weights);
        GroupBasis expected = direct.FitBases([new GroupFitRequest(0, firstMoved, 2)], null, CancellationToken.None)[0];
        Assert.Equal(expected.TotalEnergy, refit.TotalEnergy);
        Assert.Equal(expected.Eigenvalues, refit.Eigenvalues);

        // With room for both, the same sequence updates group 0 from the 10 rows that joined.
        using ISolver roomy = Solvers.Create(2, "full");
        using ISolverSession cached = roomy.Open(matrix, weights);
        cached.FitBases([new GroupFitRequest(0, first, 2)], null, CancellationToken.None);
        cached.FitBases([new GroupFitRequest(1, second, 2)], null, CancellationToken.None);
        cached.FitBases([new GroupFitRequest(0, firstMoved, 2)], null, CancellationToken.None);
        Assert.Equal((200 + 200 + 10) * perRow, roomy.GetStatistics()[0].FloatingPointOperations);
    }

    [Fact]
    public void Groups_fitted_together_through_a_small_cache_match_a_roomy_cache()
    {
        // d = 512: a 5 MiB cache holds two Grams, so four groups per call are solved two at a time, in place, while
        // the others are evicted and rebuilt; the second call moves rows, mixing updates and rebuilds. A roomy cache
        // updates instead of rebuilding, which rounds differently (as in IncrementalGramUpdateEqualsFreshComputation).
        const int rows = 480, d = 512;
        var matrix = new ArrayRowMatrix(TestData.Uniform(rows * d, 43), rows, d);
        double[] weights = TestData.ZipfWeights(rows);
        GroupFitRequest[] Requests(int shift) =>
            [.. Enumerable.Range(0, 4).Select(g => new GroupFitRequest(g, Enumerable.Range(0, rows).Where(i => (i + (i < shift ? 1 : 0)) % 4 == g).ToArray(), 4 + g))];

        IReadOnlyList<GroupBasis>[] Run(string cacheMegabytes)
        {
            using ISolver solver = Solvers.Create(2, "full", "1e-9", ("gram_cache_mb", cacheMegabytes));
            using ISolverSession session = solver.Open(matrix, weights);
            return [session.FitBases(Requests(0), null, CancellationToken.None), session.FitBases(Requests(40), null, CancellationToken.None)];
        }

        IReadOnlyList<GroupBasis>[] small = Run("5");
        IReadOnlyList<GroupBasis>[] roomy = Run("4096");
        for (int call = 0; call < 2; call++)
        {
            for (int g = 0; g < 4; g++)
            {
                Assert.Equal(roomy[call][g].TotalEnergy, small[call][g].TotalEnergy, 1e-6 * roomy[call][g].TotalEnergy);
                Assert.Equal(roomy[call][g].Rank, small[call][g].Rank);
                for (int j = 0; j < roomy[call][g].Rank; j++)
                {
                    Assert.Equal(roomy[call][g].Eigenvalues[j], small[call][g].Eigenvalues[j], 1e-6 * roomy[call][g].Eigenvalues[0]);
                }
            }
        }
    }

    [Fact]
    public void Subspace_iteration_that_does_not_converge_falls_back_to_the_full_decomposition()
    {
        const int rows = 300, d = 48;
        var matrix = new ArrayRowMatrix(TestData.Spectral(rows, d, k => Math.Pow(0.97, k), seed: 42), rows, d);
        int[] all = Enumerable.Range(0, rows).ToArray();
        var log = new RecordingLog();
        using ISolver limited = new CpuSolverFactory().Create(
            Solvers.Options(("threads", "1"), ("eigensolver", "subspace"), ("tolerance", "1e-12"), ("max_iterations", "1")),
            new PluginContext(log, 1));
        using ISolverSession session = limited.Open(matrix, TestData.Ones(rows));
        GroupBasis fallback = session.FitBases([new GroupFitRequest(3, all, 5)], null, CancellationToken.None)[0];
        Assert.Contains(log.Lines, line => line.Contains("group 3", StringComparison.Ordinal) && line.Contains("full decomposition", StringComparison.Ordinal));

        using ISolver full = Solvers.Create(1, "full");
        using ISolverSession direct = full.Open(matrix, TestData.Ones(rows));
        GroupBasis expected = direct.FitBases([new GroupFitRequest(3, all, 5)], null, CancellationToken.None)[0];
        Assert.Equal(expected.Eigenvalues, fallback.Eigenvalues);
        Assert.Equal(expected.Vectors, fallback.Vectors);
    }
}
