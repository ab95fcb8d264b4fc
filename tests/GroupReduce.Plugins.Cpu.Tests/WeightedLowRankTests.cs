using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>FitBases against an independent double-precision SVD of <c>diag(√w) A</c>.</summary>
public sealed class WeightedLowRankTests
{
    // A spectrum with a clear gap after component 8, so the top-8 subspace is well defined.
    private static double Scale(int k) => k < 8 ? 10 * Math.Pow(0.85, k) : 1.5 * Math.Pow(0.93, k);

    public static TheoryData<string, int, int, int> Cases => new()
    {
        { "full", 300, 48, 8 },
        { "subspace", 300, 48, 8 },
        { "full", 2000, 128, 8 },
        { "subspace", 2000, 128, 8 },
        { "subspace", 2000, 128, 20 },
        { "auto", 300, 48, 48 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weighted_basis_matches_reference_svd(string eigensolver, int rows, int d, int rank)
    {
        var matrix = new ArrayRowMatrix(TestData.Spectral(rows, d, Scale, seed: rows + d), rows, d);
        double[] weights = TestData.ZipfWeights(rows);
        int[] all = Enumerable.Range(0, rows).ToArray();
        using ISolver solver = Solvers.Create(threads: 2, eigensolver);
        using ISolverSession session = solver.Open(matrix, weights);
        GroupBasis basis = session.FitBases([new GroupFitRequest(0, all, rank)], null, CancellationToken.None)[0];

        (double[] energies, Matrix<double> vectors) = Reference.WeightedSvd(matrix, all, weights);
        double largest = energies[0];
        for (int j = 0; j < rank; j++)
        {
            Assert.True(Math.Abs(basis.Eigenvalues[j] - energies[j]) <= 1e-6 * largest, $"eigenvalue {j}: {basis.Eigenvalues[j]} vs {energies[j]}");
            if (j > 0)
            {
                Assert.True(basis.Eigenvalues[j] <= basis.Eigenvalues[j - 1]);
            }
        }

        Assert.Equal(energies.Sum(), basis.TotalEnergy, 1e-6 * energies.Sum());
        // Davis–Kahan: a Gram perturbation of ~1e-7·λ_1 (single-precision products) tilts the subspace by about that over the gap.
        double gap = rank == d ? largest : energies[rank - 1] - energies[rank];
        double distance = Reference.ProjectorDistance(Reference.BasisMatrix(basis), Reference.FirstColumns(vectors, rank));
        Assert.True(distance < 1e-5 + (2e-7 * largest / gap), $"projector distance {distance} (gap {gap / largest} of λ_1)");
        AssertOrthonormal(basis);
    }

    [Fact]
    public void Uniform_weights_give_truncated_svd_with_eckart_young_error()
    {
        const int rows = 300, d = 48, rank = 10;
        var matrix = new ArrayRowMatrix(TestData.Spectral(rows, d, k => Math.Pow(0.9, k), seed: 3), rows, d);
        int[] all = Enumerable.Range(0, rows).ToArray();
        double[] ones = TestData.Ones(rows);
        using ISolver solver = Solvers.Create(threads: 2);
        using ISolverSession session = solver.Open(matrix, ones);
        GroupBasis basis = session.FitBases([new GroupFitRequest(0, all, rank)], null, CancellationToken.None)[0];
        var coefficients = new float[rows * rank];
        session.Project(all, basis, coefficients, CancellationToken.None);
        ReconstructionError error = session.MeasureError(all, coefficients, basis.Vectors, rank, CancellationToken.None);

        (double[] energies, _) = Reference.WeightedSvd(matrix, all, ones);
        double tail = energies.Skip(rank).Sum();
        Assert.Equal(tail, error.SquaredError, 1e-4 * tail);
        Assert.Equal(tail, basis.ResidualEnergy, 1e-4 * tail);
        Assert.Equal(error.SquaredError, error.WeightedSquaredError, 1e-9 * tail);
        Assert.Equal(energies.Sum(), error.SquaredNorm, 1e-6 * energies.Sum());
    }

    [Fact]
    public void Planted_groups_are_recovered_and_scored_to_their_group()
    {
        const int rows = 600, d = 48, groups = 3, rank = 4;
        var random = new Random(17);
        var subspaces = new double[groups][,];
        for (int g = 0; g < groups; g++)
        {
            subspaces[g] = TestData.RandomOrthogonal(d, random);
        }

        var values = new float[rows * d];
        for (int i = 0; i < rows; i++)
        {
            double[,] q = subspaces[i % groups];
            var z = new double[rank];
            for (int k = 0; k < rank; k++)
            {
                z[k] = TestData.Gaussian(random);
            }

            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                for (int k = 0; k < rank; k++)
                {
                    sum += q[j, k] * z[k];
                }

                values[(i * d) + j] = (float)(sum + (1e-3 * TestData.Gaussian(random)));
            }
        }

        var matrix = new ArrayRowMatrix(values, rows, d);
        using ISolver solver = Solvers.Create(threads: 2, "subspace");
        using ISolverSession session = solver.Open(matrix, TestData.ZipfWeights(rows, 0.5));
        var requests = Enumerable.Range(0, groups)
            .Select(g => new GroupFitRequest(g, Enumerable.Range(0, rows).Where(i => i % groups == g).ToArray(), rank))
            .ToArray();
        IReadOnlyList<GroupBasis> bases = session.FitBases(requests, null, CancellationToken.None);
        for (int g = 0; g < groups; g++)
        {
            var planted = Matrix<double>.Build.Dense(d, rank, (i, k) => subspaces[g][i, k]);
            double distance = Reference.ProjectorDistance(Reference.BasisMatrix(bases[g]), planted);
            Assert.True(distance < 1e-2, $"group {g}: projector distance {distance}");
        }

        var projected = new float[rows * groups];
        var norms = new float[rows];
        session.ScoreRows(bases, Enumerable.Range(0, rows).ToArray(), projected, norms, null, CancellationToken.None);
        for (int i = 0; i < rows; i++)
        {
            int best = Enumerable.Range(0, groups).MinBy(g => norms[i] - projected[(i * groups) + g]);
            Assert.Equal(i % groups, best);
        }
    }

    private static void AssertOrthonormal(GroupBasis basis)
    {
        Matrix<double> v = Reference.BasisMatrix(basis);
        Matrix<double> gram = v.TransposeThisAndMultiply(v);
        double deviation = (gram - Matrix<double>.Build.DenseIdentity(basis.Rank)).FrobeniusNorm();
        Assert.True(deviation < 1e-5, $"VᵀV deviates from I by {deviation}");
    }
}
