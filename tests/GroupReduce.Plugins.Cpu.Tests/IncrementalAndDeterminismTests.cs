using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Tests.Support;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>Cached Grams updated by moved rows equal fresh ones; results are bitwise identical across runs, thread counts and paths' own repeats.</summary>
public sealed class IncrementalAndDeterminismTests
{
    private const int Rows = 900;
    private const int D = 36;

    [Theory]
    [InlineData("full")]
    [InlineData("subspace")]
    public void Incremental_gram_update_equals_fresh_computation(string eigensolver)
    {
        var matrix = new ArrayRowMatrix(TestData.Spectral(Rows, D, k => 5 * Math.Pow(0.8, k), seed: 21), Rows, D);
        double[] weights = TestData.ZipfWeights(Rows);
        int[] first = Enumerable.Range(0, Rows).Where(i => i % 2 == 0).ToArray();

        // A refinement step: some rows leave, some join, most stay.
        int[] second = first.Where(i => i % 10 != 0).Concat(Enumerable.Range(0, Rows).Where(i => i % 14 == 1)).Order().ToArray();
        using ISolver cached = Solvers.Create(2, eigensolver);
        using ISolverSession incremental = cached.Open(matrix, weights);
        incremental.FitBases([new GroupFitRequest(4, first, 6)], null, CancellationToken.None);
        GroupBasis updated = incremental.FitBases([new GroupFitRequest(4, second, 6)], null, CancellationToken.None)[0];
        double gramFlops = cached.GetStatistics()[0].FloatingPointOperations;
        Assert.True(gramFlops < (first.Length + second.Length) * (double)D * (D + 1), "the second Gram should have been updated, not recomputed");

        using ISolver fresh = Solvers.Create(2, eigensolver, "1e-9", ("gram_cache_mb", "0"));
        using ISolverSession direct = fresh.Open(matrix, weights);
        GroupBasis recomputed = direct.FitBases([new GroupFitRequest(4, second, 6)], null, CancellationToken.None)[0];

        // Both Grams sum single-precision products in blocks, just different blocks: they agree to float rounding.
        Assert.Equal(recomputed.TotalEnergy, updated.TotalEnergy, 1e-6 * recomputed.TotalEnergy);
        for (int j = 0; j < 6; j++)
        {
            Assert.Equal(recomputed.Eigenvalues[j], updated.Eigenvalues[j], 1e-6 * recomputed.Eigenvalues[0]);
        }

        double distance = Reference.ProjectorDistance(Reference.BasisMatrix(recomputed), Reference.BasisMatrix(updated));
        Assert.True(distance < 1e-5, $"projector distance {distance}");
    }

    [Fact]
    public void Group_whose_rows_all_changed_is_recomputed()
    {
        var matrix = new ArrayRowMatrix(TestData.Spectral(Rows, D, k => Math.Pow(0.8, k), seed: 22), Rows, D);
        using ISolver solver = Solvers.Create(1);
        using ISolverSession session = solver.Open(matrix, TestData.Ones(Rows));
        session.FitBases([new GroupFitRequest(0, Enumerable.Range(0, 100).ToArray(), 3)], null, CancellationToken.None);
        GroupBasis moved = session.FitBases([new GroupFitRequest(0, Enumerable.Range(500, 100).ToArray(), 3)], null, CancellationToken.None)[0];

        using ISolver other = Solvers.Create(1);
        using ISolverSession fresh = other.Open(matrix, TestData.Ones(Rows));
        GroupBasis expected = fresh.FitBases([new GroupFitRequest(0, Enumerable.Range(500, 100).ToArray(), 3)], null, CancellationToken.None)[0];
        Assert.Equal(expected.TotalEnergy, moved.TotalEnergy);
        Assert.Equal(expected.Eigenvalues, moved.Eigenvalues);
    }

    public static IEnumerable<object[]> EigensolversAndPaths() =>
        from path in Solvers.SupportedPaths()
        from eigensolver in new[] { "full", "subspace" }
        select new object[] { path[0], eigensolver };

    [Theory]
    [MemberData(nameof(EigensolversAndPaths))]
    internal void ResultsAreBitwiseIdenticalForOneAndTwoThreadsAndRepeatedRuns(KernelPath path, string eigensolver)
    {
        var matrix = new ArrayRowMatrix(TestData.Spectral(Rows, D, k => Math.Pow(0.85, k), seed: 23), Rows, D);
        double[] weights = TestData.ZipfWeights(Rows);
        Run one = Execute(path, 1, eigensolver, matrix, weights);
        Run two = Execute(path, 2, eigensolver, matrix, weights);
        Run again = Execute(path, 2, eigensolver, matrix, weights);
        foreach (Run other in new[] { two, again })
        {
            Assert.Equal(one.Vectors, other.Vectors);
            Assert.Equal(one.Values, other.Values);
            Assert.Equal(one.Projected, other.Projected);
            Assert.Equal(one.Norms, other.Norms);
            Assert.Equal(one.Coefficients, other.Coefficients);
            Assert.Equal(one.Error, other.Error);
        }
    }

    [Fact]
    public void Groups_solved_side_by_side_match_groups_solved_alone()
    {
        // Five groups in one call are solved side by side, one per worker; a group alone uses every worker for its
        // products. d = 80 takes the divide and conquer path. The bases must not depend on either, nor on "auto".
        const int rows = 600, d = 80;
        var matrix = new ArrayRowMatrix(TestData.Spectral(rows, d, k => Math.Pow(0.9, k), seed: 31), rows, d);
        double[] weights = TestData.ZipfWeights(rows);
        GroupFitRequest[] requests = [.. Enumerable.Range(0, 5).Select(g => new GroupFitRequest(g, Enumerable.Range(0, rows).Where(i => i % 5 == g).ToArray(), 3 + (4 * g)))];
        var alone = new List<GroupBasis>();
        foreach (GroupFitRequest request in requests)
        {
            using ISolver solver = Solvers.Create(2, "full");
            using ISolverSession session = solver.Open(matrix, weights);
            alone.Add(session.FitBases([request], null, CancellationToken.None)[0]);
        }

        foreach (string eigensolver in new[] { "auto", "full" })
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                using ISolver solver = Solvers.Create(threads, eigensolver);
                using ISolverSession session = solver.Open(matrix, weights);
                IReadOnlyList<GroupBasis> together = session.FitBases(requests, null, CancellationToken.None);
                for (int g = 0; g < requests.Length; g++)
                {
                    Assert.Equal(alone[g].Eigenvalues, together[g].Eigenvalues);
                    Assert.Equal(alone[g].Vectors, together[g].Vectors);
                }
            }
        }
    }

    private static Run Execute(KernelPath path, int threads, string eigensolver, ArrayRowMatrix matrix, double[] weights)
    {
        using ISolver solver = Solvers.CreateOnPath(path, threads, eigensolver);
        using ISolverSession session = solver.Open(matrix, weights);
        GroupFitRequest[] requests =
        [
            new(0, Enumerable.Range(0, Rows).Where(i => i % 4 != 3).ToArray(), 7),
            new(1, Enumerable.Range(0, Rows).Where(i => i % 4 == 3).ToArray(), 3),
        ];
        session.FitBases(requests, null, CancellationToken.None);

        // A second round with moved rows exercises the incremental Gram and the warm start.
        GroupFitRequest[] moved =
        [
            new(0, Enumerable.Range(0, Rows).Where(i => i % 4 != 3 && i % 50 != 0).ToArray(), 7),
            new(1, Enumerable.Range(0, Rows).Where(i => i % 4 == 3 || i % 50 == 0).ToArray(), 3),
        ];
        GroupBasis[] bases = [.. session.FitBases(moved, null, CancellationToken.None)];
        var projected = new float[Rows * 2];
        var norms = new float[Rows];
        session.ScoreRows(bases, Enumerable.Range(0, Rows).ToArray(), projected, norms, null, CancellationToken.None);
        int[] rows = moved[0].Rows.ToArray();
        var coefficients = new float[rows.Length * 7];
        session.Project(rows, bases[0], coefficients, CancellationToken.None);
        ReconstructionError error = session.MeasureError(rows, coefficients, bases[0].Vectors, 7, CancellationToken.None);
        return new Run([.. bases.SelectMany(b => b.Vectors)], [.. bases.SelectMany(b => b.Eigenvalues)], projected, norms, coefficients, error);
    }

    private sealed record Run(float[] Vectors, double[] Values, float[] Projected, float[] Norms, float[] Coefficients, ReconstructionError Error);
}
