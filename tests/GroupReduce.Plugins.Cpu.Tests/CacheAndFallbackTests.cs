using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Tests.Support;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>The Gram cache's memory limit and the subspace iteration's fallback to the full decomposition.</summary>
public sealed class CacheAndFallbackTests
{
    [Fact]
    public void GramCacheEvictsTheLeastRecentlyUsedGroupWhenFull()
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
    public void SubspaceIterationThatDoesNotConvergeFallsBackToTheFullDecomposition()
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
