using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Tests.Support;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>ScoreRows, Project and MeasureError against direct double-precision computation, with and without zero-copy rows.</summary>
public sealed class SessionOperationTests
{
    private const int Rows = 1100;
    private const int D = 40;

    public static TheoryData<bool> ViewModes => new() { true, false };

    [Theory]
    [MemberData(nameof(ViewModes))]
    public void Scoring_listed_rows_equals_the_same_rows_of_a_full_scoring(bool allowViews)
    {
        (_, ISolver solver, ISolverSession session, GroupBasis[] bases) = Fit(allowViews);
        using (solver)
        using (session)
        {
            int[] all = Enumerable.Range(0, Rows).ToArray();
            var projected = new float[Rows * bases.Length];
            var norms = new float[Rows];
            session.ScoreRows(bases, all, projected, norms, null, CancellationToken.None);

            // Long runs, gaps and single rows, so both the direct and the gathered paths run.
            int[] listed = all.Where(i => i < 300 || (i > 310 && i % 3 == 0) || i == Rows - 1).ToArray();
            var some = new float[listed.Length * bases.Length];
            var someNorms = new float[listed.Length];
            session.ScoreRows(bases, listed, some, someNorms, null, CancellationToken.None);

            for (int k = 0; k < listed.Length; k++)
            {
                Assert.Equal(norms[listed[k]], someNorms[k]);
                Assert.Equal(projected.AsSpan(listed[k] * bases.Length, bases.Length).ToArray(), some.AsSpan(k * bases.Length, bases.Length).ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(ViewModes))]
    public void Score_rows_matches_direct_projections(bool allowViews)
    {
        (ArrayRowMatrix matrix, ISolver solver, ISolverSession session, GroupBasis[] bases) = Fit(allowViews);
        using (solver)
        using (session)
        {
            var projected = new float[Rows * bases.Length];
            var norms = new float[Rows];
            session.ScoreRows(bases, Enumerable.Range(0, Rows).ToArray(), projected, norms, null, CancellationToken.None);
            for (int i = 0; i < Rows; i++)
            {
                double norm = 0;
                for (int j = 0; j < D; j++)
                {
                    norm += (double)matrix[i, j] * matrix[i, j];
                }

                Assert.Equal(norm, norms[i], 1e-6 * norm);
                for (int g = 0; g < bases.Length; g++)
                {
                    double expected = DirectProjection(matrix, i, bases[g]);
                    Assert.True(Math.Abs(expected - projected[(i * bases.Length) + g]) <= 1e-5 * norm, $"row {i} group {g}: {projected[(i * bases.Length) + g]} vs {expected}");
                }
            }

            Assert.True(allowViews ? matrix.ViewCalls > 0 : matrix.CopyCalls > 0);
        }
    }

    [Theory]
    [MemberData(nameof(ViewModes))]
    public void Project_matches_direct_coefficients(bool allowViews)
    {
        (ArrayRowMatrix matrix, ISolver solver, ISolverSession session, GroupBasis[] bases) = Fit(allowViews);
        using (solver)
        using (session)
        {
            GroupBasis basis = bases[1];
            int[] rows = Enumerable.Range(0, Rows).Where(i => i % 3 != 1).ToArray();
            var coefficients = new float[rows.Length * basis.Rank];
            session.Project(rows, basis, coefficients, CancellationToken.None);
            for (int n = 0; n < rows.Length; n++)
            {
                for (int k = 0; k < basis.Rank; k++)
                {
                    double expected = 0;
                    for (int j = 0; j < D; j++)
                    {
                        expected += (double)matrix[rows[n], j] * basis.Vectors[(j * basis.Rank) + k];
                    }

                    Assert.True(Math.Abs(expected - coefficients[(n * basis.Rank) + k]) <= 1e-5, $"row {rows[n]} coefficient {k}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ViewModes))]
    public void Measure_error_matches_direct_reconstruction(bool allowViews)
    {
        (ArrayRowMatrix matrix, ISolver solver, ISolverSession session, GroupBasis[] bases) = Fit(allowViews);
        using (solver)
        using (session)
        {
            GroupBasis basis = bases[0];
            int[] rows = Enumerable.Range(0, Rows).Where(i => i % 2 == 0).ToArray();
            double[] weights = Weights();

            // Perturbed coefficients stand in for quantized ones: the error must be that of what is stored.
            float[] coefficients = TestData.Uniform(rows.Length * basis.Rank, 5);
            ReconstructionError error = session.MeasureError(rows, coefficients, basis.Vectors, basis.Rank, CancellationToken.None);
            double weightedError = 0, weightedNorm = 0, plainError = 0, plainNorm = 0;
            for (int n = 0; n < rows.Length; n++)
            {
                double rowError = 0, rowNorm = 0;
                for (int j = 0; j < D; j++)
                {
                    double approximation = 0;
                    for (int k = 0; k < basis.Rank; k++)
                    {
                        approximation += (double)coefficients[(n * basis.Rank) + k] * basis.Vectors[(j * basis.Rank) + k];
                    }

                    double value = matrix[rows[n], j];
                    rowError += (value - approximation) * (value - approximation);
                    rowNorm += value * value;
                }

                weightedError += weights[rows[n]] * rowError;
                weightedNorm += weights[rows[n]] * rowNorm;
                plainError += rowError;
                plainNorm += rowNorm;
            }

            Assert.Equal(weightedError, error.WeightedSquaredError, 1e-5 * weightedError);
            Assert.Equal(weightedNorm, error.WeightedSquaredNorm, 1e-9 * weightedNorm);
            Assert.Equal(plainError, error.SquaredError, 1e-5 * plainError);
            Assert.Equal(plainNorm, error.SquaredNorm, 1e-9 * plainNorm);
        }
    }

    [Fact]
    public void Measure_error_of_dense_rows_compares_the_rows_themselves()
    {
        (ArrayRowMatrix matrix, ISolver solver, ISolverSession session, _) = Fit(allowViews: true);
        using (solver)
        using (session)
        {
            int[] rows = [0, 1, 2, 500, 1099];
            var stored = new float[rows.Length * D];
            for (int n = 0; n < rows.Length; n++)
            {
                for (int j = 0; j < D; j++)
                {
                    stored[(n * D) + j] = matrix[rows[n], j] + (j == 3 ? 0.5f : 0f);
                }
            }

            ReconstructionError error = session.MeasureError(rows, stored, ReadOnlySpan<float>.Empty, D, CancellationToken.None);
            double plain = 0, weighted = 0;
            for (int n = 0; n < rows.Length; n++)
            {
                double difference = (double)stored[(n * D) + 3] - matrix[rows[n], 3];
                plain += difference * difference;
                weighted += Weights()[rows[n]] * difference * difference;
            }

            Assert.Equal(plain, error.SquaredError, 1e-12);
            Assert.Equal(weighted, error.WeightedSquaredError, 1e-12);
        }
    }

    [Fact]
    public void Statistics_count_every_kernel()
    {
        (ArrayRowMatrix _, ISolver solver, ISolverSession session, GroupBasis[] bases) = Fit(allowViews: true);
        using (solver)
        using (session)
        {
            session.ScoreRows(bases, Enumerable.Range(0, Rows).ToArray(), new float[Rows * bases.Length], new float[Rows], null, CancellationToken.None);
            int[] rows = [1, 2, 3];
            var coefficients = new float[rows.Length * bases[0].Rank];
            session.Project(rows, bases[0], coefficients, CancellationToken.None);
            session.MeasureError(rows, coefficients, bases[0].Vectors, bases[0].Rank, CancellationToken.None);
            IReadOnlyList<KernelStatistics> statistics = solver.GetStatistics();
            Assert.Equal(["gram", "eigen", "score", "project", "error"], statistics.Select(s => s.Name));
            Assert.All(statistics, s => Assert.True(s.Calls > 0 && s.FloatingPointOperations > 0, s.Name));
            KernelStatistics gram = statistics[0];
            long fittedRows = Rows;
            Assert.Equal((double)fittedRows * D * (D + 1), gram.FloatingPointOperations);
            Assert.Equal(2.0 * Rows * D * bases.Sum(b => b.Rank) + (2.0 * Rows * (D + bases.Sum(b => b.Rank))), statistics[2].FloatingPointOperations);
        }
    }

    internal static double[] Weights() => TestData.ZipfWeights(Rows, 0.6);

    private static (ArrayRowMatrix Matrix, ISolver Solver, ISolverSession Session, GroupBasis[] Bases) Fit(bool allowViews)
    {
        var matrix = new ArrayRowMatrix(TestData.Spectral(Rows, D, k => Math.Pow(0.9, k), seed: 8), Rows, D, allowViews);
        ISolver solver = Solvers.Create(threads: 2);
        ISolverSession session = solver.Open(matrix, Weights());
        GroupFitRequest[] requests =
        [
            new(0, Enumerable.Range(0, Rows).Where(i => i % 3 == 0).ToArray(), 5),
            new(1, Enumerable.Range(0, Rows).Where(i => i % 3 == 1).ToArray(), 12),
            new(2, Enumerable.Range(0, Rows).Where(i => i % 3 == 2).ToArray(), 1),
        ];
        GroupBasis[] bases = [.. session.FitBases(requests, null, CancellationToken.None)];
        return (matrix, solver, session, bases);
    }

    private static double DirectProjection(ArrayRowMatrix matrix, int row, GroupBasis basis)
    {
        double total = 0;
        for (int k = 0; k < basis.Rank; k++)
        {
            double dot = 0;
            for (int j = 0; j < matrix.Columns; j++)
            {
                dot += (double)matrix[row, j] * basis.Vectors[(j * basis.Rank) + k];
            }

            total += dot * dot;
        }

        return total;
    }
}
