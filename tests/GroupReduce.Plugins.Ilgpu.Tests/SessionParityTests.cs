using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Ilgpu.Tests.Support;

namespace GroupReduce.Plugins.Ilgpu.Tests;

/// <summary>
/// Every session operation against the cpu solver on the same inputs, streamed in several chunks or resident, with and
/// without zero-copy views. Tolerances: bases agree as subspaces (projector distance) and eigenvalues to 1e-4
/// relative; scores, norms, projections and errors to 1e-4 relative (single-precision products, summed in another order).
/// </summary>
public sealed class SessionParityTests
{
    private const int Rows = 90;
    private const int Columns = 20;

    public static TheoryData<bool, string, string> Modes => new()
    {
        { true, "never", "16" },
        { false, "never", "16" },
        { true, "always", "32" },
        { false, "always", "0" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Fitted_bases_match_the_cpu_solver(bool views, string resident, string chunkRows)
    {
        (ArrayRowMatrix matrix, double[] weights) = Problem(views);
        GroupFitRequest[] requests = Requests();
        using IlgpuSolver ilgpu = TestSolvers.Ilgpu(null, ("resident", resident), ("chunk_rows", chunkRows));
        using ISolver cpu = TestSolvers.Cpu();
        using ISolverSession gpuSession = ilgpu.Open(matrix, weights);
        using ISolverSession cpuSession = cpu.Open(matrix, weights);

        IReadOnlyList<GroupBasis> actual = gpuSession.FitBases(requests, null, CancellationToken.None);
        IReadOnlyList<GroupBasis> expected = cpuSession.FitBases(requests, null, CancellationToken.None);

        for (int g = 0; g < requests.Length; g++)
        {
            Assert.Equal(expected[g].Rank, actual[g].Rank);
            Assert.Equal(expected[g].TotalEnergy, actual[g].TotalEnergy, expected[g].TotalEnergy * 1e-5);
            for (int k = 0; k < actual[g].Rank; k++)
            {
                Assert.Equal(expected[g].Eigenvalues[k], actual[g].Eigenvalues[k], (expected[g].Eigenvalues[0] * 1e-4) + 1e-9);
            }

            Assert.True(ProjectorDistance(expected[g], actual[g]) < 1e-3, $"group {g}: subspaces differ by {ProjectorDistance(expected[g], actual[g])}");

            // Same sign convention as the cpu solver: the vectors themselves agree, not only their span.
            for (int i = 0; i < actual[g].Vectors.Length; i++)
            {
                Assert.Equal(expected[g].Vectors[i], actual[g].Vectors[i], 2e-3f);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Scores_and_norms_match_the_cpu_solver(bool views, string resident, string chunkRows)
    {
        (ArrayRowMatrix matrix, double[] weights) = Problem(views);
        using IlgpuSolver ilgpu = TestSolvers.Ilgpu(null, ("resident", resident), ("chunk_rows", chunkRows));
        using ISolver cpu = TestSolvers.Cpu();
        using ISolverSession gpuSession = ilgpu.Open(matrix, weights);
        using ISolverSession cpuSession = cpu.Open(matrix, weights);
        IReadOnlyList<GroupBasis> bases = cpuSession.FitBases(Requests(), null, CancellationToken.None);
        int[] rows = [.. Enumerable.Range(0, Rows).Where(i => i % 7 != 3)];

        var actual = new float[rows.Length * bases.Count];
        var actualNorms = new float[rows.Length];
        var expected = new float[rows.Length * bases.Count];
        var expectedNorms = new float[rows.Length];
        gpuSession.ScoreRows(bases, rows, actual, actualNorms, null, CancellationToken.None);
        cpuSession.ScoreRows(bases, rows, expected, expectedNorms, null, CancellationToken.None);

        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(expectedNorms[i], actualNorms[i], expectedNorms[i] * 1e-5f);
            for (int g = 0; g < bases.Count; g++)
            {
                Assert.Equal(expected[(i * bases.Count) + g], actual[(i * bases.Count) + g], (expectedNorms[i] * 1e-4f) + 1e-6f);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Projections_and_errors_match_the_cpu_solver(bool views, string resident, string chunkRows)
    {
        (ArrayRowMatrix matrix, double[] weights) = Problem(views);
        using IlgpuSolver ilgpu = TestSolvers.Ilgpu(null, ("resident", resident), ("chunk_rows", chunkRows));
        using ISolver cpu = TestSolvers.Cpu();
        using ISolverSession gpuSession = ilgpu.Open(matrix, weights);
        using ISolverSession cpuSession = cpu.Open(matrix, weights);
        GroupBasis basis = cpuSession.FitBases(Requests(), null, CancellationToken.None)[1];
        int[] rows = [.. Enumerable.Range(0, Rows).Where(i => i % 3 != 0)];
        var actual = new float[rows.Length * basis.Rank];
        var expected = new float[rows.Length * basis.Rank];

        gpuSession.Project(rows, basis, actual, CancellationToken.None);
        cpuSession.Project(rows, basis, expected, CancellationToken.None);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-4f);
        }

        ReconstructionError lowRank = gpuSession.MeasureError(rows, expected, basis.Vectors, basis.Rank, CancellationToken.None);
        ReconstructionError lowRankCpu = cpuSession.MeasureError(rows, expected, basis.Vectors, basis.Rank, CancellationToken.None);
        AssertClose(lowRankCpu, lowRank);

        // Dense groups: the "coefficients" are the (e.g. quantized) rows themselves.
        float[] approximate = [.. rows.SelectMany(r => matrix.Values.AsSpan(r * Columns, Columns).ToArray().Select(v => v + 0.01f))];
        ReconstructionError dense = gpuSession.MeasureError(rows, approximate, ReadOnlySpan<float>.Empty, Columns, CancellationToken.None);
        ReconstructionError denseCpu = cpuSession.MeasureError(rows, approximate, ReadOnlySpan<float>.Empty, Columns, CancellationToken.None);
        AssertClose(denseCpu, dense);
        Assert.Equal(rows.Length * Columns * 1e-4, dense.SquaredError, 1e-6);
    }

    [Fact]
    public void Refitting_unchanged_rows_returns_the_same_basis_and_changed_rows_a_new_one()
    {
        (ArrayRowMatrix matrix, double[] weights) = Problem(views: true);
        using IlgpuSolver ilgpu = TestSolvers.Ilgpu();
        using ISolverSession session = ilgpu.Open(matrix, weights);
        GroupFitRequest[] requests = Requests();
        IReadOnlyList<GroupBasis> first = session.FitBases(requests, null, CancellationToken.None);
        long gramCalls = ilgpu.GetStatistics().Single(s => s.Name == "gram").Calls;

        IReadOnlyList<GroupBasis> again = session.FitBases(requests, null, CancellationToken.None);
        Assert.Same(first[0], again[0]);
        Assert.Equal(gramCalls, ilgpu.GetStatistics().Single(s => s.Name == "gram").Calls);

        int[] moved = [.. requests[0].Rows.ToArray().Append(requests[1].Rows.Span[0])];
        IReadOnlyList<GroupBasis> changed = session.FitBases([new GroupFitRequest(0, moved, 3)], null, CancellationToken.None);
        Assert.NotSame(first[0], changed[0]);
        Assert.Equal(gramCalls + 1, ilgpu.GetStatistics().Single(s => s.Name == "gram").Calls);
        Assert.True(changed[0].TotalEnergy > first[0].TotalEnergy);
    }

    [Fact]
    public void Statistics_report_the_compile_time_apart_from_the_kernels()
    {
        (ArrayRowMatrix matrix, double[] weights) = Problem(views: true);
        using IlgpuSolver ilgpu = TestSolvers.Ilgpu();
        using (ISolverSession session = ilgpu.Open(matrix, weights))
        {
            session.FitBases(Requests(), null, CancellationToken.None);
        }

        IReadOnlyList<KernelStatistics> statistics = ilgpu.GetStatistics();
        KernelStatistics compile = statistics.Single(s => s.Name == "compile");
        Assert.Equal(1, compile.Calls);
        Assert.Equal(0, compile.FloatingPointOperations);
        Assert.True(compile.Elapsed > TimeSpan.Zero);
        Assert.True(statistics.Single(s => s.Name == "product").FloatingPointOperations > 0);
        Assert.Equal(3, statistics.Single(s => s.Name == "eigen").Calls);
    }

    internal static (ArrayRowMatrix Matrix, double[] Weights) Problem(bool views) =>
        (new ArrayRowMatrix(TestData.Matrix(Rows, Columns, seed: 17), Rows, Columns, views), TestData.Weights(Rows));

    internal static GroupFitRequest[] Requests() =>
    [
        new(0, Enumerable.Range(0, 30).ToArray(), 3),
        new(1, Enumerable.Range(30, 40).Where(i => i % 2 == 0).ToArray(), 5),
        new(2, Enumerable.Range(50, 40).ToArray(), 2),
    ];

    private static void AssertClose(ReconstructionError expected, ReconstructionError actual)
    {
        Assert.Equal(expected.SquaredNorm, actual.SquaredNorm, expected.SquaredNorm * 1e-6);
        Assert.Equal(expected.WeightedSquaredNorm, actual.WeightedSquaredNorm, expected.WeightedSquaredNorm * 1e-6);
        Assert.Equal(expected.SquaredError, actual.SquaredError, (expected.SquaredError * 1e-4) + 1e-9);
        Assert.Equal(expected.WeightedSquaredError, actual.WeightedSquaredError, (expected.WeightedSquaredError * 1e-4) + 1e-9);
    }

    private static double ProjectorDistance(GroupBasis a, GroupBasis b)
    {
        int d = a.Columns;
        double sum = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double pa = 0, pb = 0;
                for (int k = 0; k < a.Rank; k++)
                {
                    pa += (double)a.Vectors[(i * a.Rank) + k] * a.Vectors[(j * a.Rank) + k];
                    pb += (double)b.Vectors[(i * b.Rank) + k] * b.Vectors[(j * b.Rank) + k];
                }

                sum += (pa - pb) * (pa - pb);
            }
        }

        return Math.Sqrt(sum);
    }
}
