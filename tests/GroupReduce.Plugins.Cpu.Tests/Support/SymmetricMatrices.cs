using MathNet.Numerics.LinearAlgebra;

namespace GroupReduce.Plugins.Cpu.Tests.Support;

/// <summary>Symmetric test matrices with chosen spectra, built as <c>Q diag(λ) Qᵀ</c> from a seeded random orthogonal Q.</summary>
internal static class SymmetricMatrices
{
    public static readonly string[] Kinds = ["random", "indefinite", "clustered", "repeated", "low-rank", "graded", "gram"];

    /// <summary>A symmetric <paramref name="n"/> x <paramref name="n"/> matrix of the named kind.</summary>
    public static Matrix<double> Create(string kind, int n, int seed)
    {
        var random = new Random(seed);
        double[] spectrum = new double[n];
        switch (kind)
        {
            case "random":
                for (int i = 0; i < n; i++)
                {
                    spectrum[i] = random.NextDouble();
                }

                break;
            case "indefinite":
                for (int i = 0; i < n; i++)
                {
                    spectrum[i] = (2 * random.NextDouble()) - 1;
                }

                break;
            case "clustered":
                // Four clusters, each of nearly equal values (spread 1e-11 of the norm).
                for (int i = 0; i < n; i++)
                {
                    spectrum[i] = (1.0 + (i % 4)) + (1e-11 * random.NextDouble());
                }

                break;
            case "repeated":
                // Three exactly repeated values.
                for (int i = 0; i < n; i++)
                {
                    spectrum[i] = new[] { 5.0, 2.0, 0.5 }[i % 3];
                }

                break;
            case "low-rank":
                // Rank about n/3: the rest are exact zeros.
                for (int i = 0; i < n; i++)
                {
                    spectrum[i] = i % 3 == 0 ? 1 + random.NextDouble() : 0;
                }

                break;
            case "graded":
                for (int i = 0; i < n; i++)
                {
                    spectrum[i] = Math.Pow(10, -12.0 * i / Math.Max(1, n - 1));
                }

                break;
            case "gram":
                return Gram(n, seed);
            default:
                throw new ArgumentException($"unknown kind {kind}", nameof(kind));
        }

        Matrix<double> q = RandomOrthogonal(n, random);
        Matrix<double> a = q * Matrix<double>.Build.DenseOfDiagonalArray(spectrum) * q.Transpose();
        return Symmetrize(a);
    }

    /// <summary>A weighted Gram of rows with a slowly decaying spectrum (the realistic case), exactly symmetric.</summary>
    public static Matrix<double> Gram(int n, int seed)
    {
        var random = new Random(seed);
        int rows = 2 * n + 7;
        var x = Matrix<double>.Build.Dense(rows, n, (i, j) => (random.NextDouble() - 0.5) * Math.Pow(1 + j, -0.25) * Math.Sqrt(1.0 / (1 + i)));
        return Symmetrize(x.TransposeThisAndMultiply(x));
    }

    /// <summary>The matrix as a row-major array.</summary>
    public static double[] RowMajor(Matrix<double> a) => a.ToRowMajorArray();

    private static Matrix<double> RandomOrthogonal(int n, Random random)
    {
        var gaussian = Matrix<double>.Build.Dense(n, n, (_, _) => TestData.Gaussian(random));
        return gaussian.QR().Q;
    }

    private static Matrix<double> Symmetrize(Matrix<double> a) => (a + a.Transpose()) * 0.5;
}
