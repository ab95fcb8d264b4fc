using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Numerics;
using GroupReduce.Plugins.Cpu.Tests.Support;
using GroupReduce.Plugins.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>
/// The dense symmetric eigensolver (tridiagonalisation, divide and conquer, back-transformation) against MathNet's
/// EVD. Degenerate eigenvalues have no unique vectors, so eigenspaces are compared through their projectors.
/// </summary>
public sealed unsafe class SymmetricEigensolverTests
{
    // Reference eigenvalues closer than this (relative to the norm) belong to one eigenspace.
    private const double ClusterGap = 1e-6;

    public static IEnumerable<object[]> KindsAndSizes() =>
        from kind in SymmetricMatrices.Kinds
        from n in new[] { 1, 2, 3, 17, 64, 257 }
        select new object[] { kind, n };

    [Theory]
    [MemberData(nameof(KindsAndSizes))]
    public void Top_pairs_match_math_net(string kind, int n)
    {
        Matrix<double> a = SymmetricMatrices.Create(kind, n, seed: n + kind.Length);
        var reference = new Spectrum(a);
        foreach (int count in new[] { 1, (n + 2) / 3, n }.Distinct())
        {
            (double[] values, Matrix<double> vectors) = Solve(a, count);
            AssertMatchesReference(a, values, vectors, reference);
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(257)]
    public void Diagonal_and_zero_matrices_split_into_trivial_blocks(int n)
    {
        // A diagonal matrix with repeats gives a tridiagonal matrix that splits everywhere; zero and identity are extreme cases.
        var diagonal = Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? (i * 7 % 5) - 1.5 : 0);
        (double[] values, Matrix<double> vectors) = Solve(diagonal, n);
        AssertMatchesReference(diagonal, values, vectors);
        Matrix<double> zero = Matrix<double>.Build.Dense(n, n);
        (double[] zeroValues, Matrix<double> zeroVectors) = Solve(zero, n / 2);
        Assert.All(zeroValues, value => Assert.Equal(0.0, value));
        AssertOrthonormal(zeroVectors);
        Matrix<double> identity = Matrix<double>.Build.DenseIdentity(n);
        (double[] identityValues, Matrix<double> identityVectors) = Solve(identity, 5);
        AssertMatchesReference(identity, identityValues, identityVectors);
    }

    [Fact]
    public void Wilkinson_matrix_with_pairs_of_nearly_equal_eigenvalues_is_resolved()
    {
        // W⁺₁₀₁ (tridiagonal, off-diagonal 1, diagonal |i − 50|): its largest eigenvalues come in pairs agreeing to ~1e-60.
        const int n = 101;
        var w = Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? Math.Abs(i - 50) : Math.Abs(i - j) == 1 ? 1 : 0);
        (double[] values, Matrix<double> vectors) = Solve(w, 20);
        AssertMatchesReference(w, values, vectors);
    }

    [Theory]
    [InlineData(1e200)]
    [InlineData(1e-200)]
    public void Extreme_scales_are_handled(double scale)
    {
        // MathNet's EVD itself fails at these scales, so the reference is the unscaled matrix.
        Matrix<double> a = SymmetricMatrices.Create("indefinite", 80, seed: 5);
        (double[] values, Matrix<double> vectors) = Solve(a * scale, 30);
        AssertMatchesReference(a, [.. values.Select(value => value / scale)], vectors);
    }

    [Fact]
    public void Reads_only_the_upper_triangle_and_leaves_the_input_alone()
    {
        const int n = 70;
        Matrix<double> a = SymmetricMatrices.Create("random", n, seed: 8);
        double[] input = a.ToRowMajorArray();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                input[(i * n) + j] = double.NaN;
            }
        }

        double[] before = (double[])input.Clone();
        (double[] values, Matrix<double> vectors) = Solve(input, n, 10);
        AssertMatchesReference(a, values, vectors);
        Assert.Equal(before, input);
    }

    [Fact]
    public void Results_are_bitwise_reproducible_across_runs_and_workers()
    {
        const int n = 257;
        double[] input = SymmetricMatrices.Create("gram", n, seed: 3).ToRowMajorArray();
        using var kernels = new DenseKernels(KernelPathSupport.Best, 2);
        using var first = new SymmetricEigensolver();
        using var second = new SymmetricEigensolver();
        (double[] Values, double[] Vectors) Run(SymmetricEigensolver solver, WorkerGemm gemm)
        {
            var values = new double[40];
            var vectors = new double[n * 40];
            fixed (double* a = input, v = vectors)
            {
                solver.Solve(gemm, a, n, 40, values, v);
            }

            return (values, vectors);
        }

        (double[] values, double[] vectors) = Run(first, WorkerGemm.On(kernels, 0));
        (double[] again, double[] againVectors) = Run(first, WorkerGemm.On(kernels, 0));
        (double[] other, double[] otherVectors) = Run(second, WorkerGemm.On(kernels, 1));
        (double[] shared, double[] sharedVectors) = Run(second, WorkerGemm.All(kernels));
        Assert.Equal(values, again);
        Assert.Equal(vectors, againVectors);
        Assert.Equal(values, other);
        Assert.Equal(vectors, otherVectors);
        Assert.Equal(values, shared);
        Assert.Equal(vectors, sharedVectors);
    }

    [Fact]
    public void Random_mixtures_of_clusters_repeats_and_zeros_give_their_known_spectra()
    {
        // The spectrum is chosen, so it is the reference: clusters of random width (1e-15 to 1e-3), exact repeats,
        // zeros and negative values, in random proportions; sizes on and off the leaf size.
        var random = new Random(77);
        for (int trial = 0; trial < 24; trial++)
        {
            int n = 20 + random.Next(140);
            var spectrum = new double[n];
            int i = 0;
            while (i < n)
            {
                int size = Math.Min(n - i, 1 + random.Next(Math.Max(1, n / 4)));
                double center = random.Next(6) switch { 0 => 0, 1 => -random.NextDouble(), _ => random.NextDouble() };
                double width = Math.Pow(10, -15 + (12 * random.NextDouble())) * (random.Next(4) == 0 ? 0 : 1);
                for (int j = 0; j < size; j++)
                {
                    spectrum[i++] = center + (width * random.NextDouble());
                }
            }

            Matrix<double> q = Matrix<double>.Build.Dense(n, n, (_, _) => TestData.Gaussian(random)).QR().Q;
            Matrix<double> a = q * Matrix<double>.Build.DenseOfDiagonalArray(spectrum) * q.Transpose();
            a = (a + a.Transpose()) * 0.5;
            int count = 1 + random.Next(n);
            (double[] values, Matrix<double> vectors) = Solve(a, count);
            double[] expected = [.. spectrum.OrderByDescending(value => value)];
            double norm = Math.Max(expected.Max(Math.Abs), double.Epsilon);
            for (int j = 0; j < count; j++)
            {
                Assert.True(Math.Abs(values[j] - expected[j]) <= 1e-12 * norm, $"trial {trial} (n {n}): eigenvalue {j}: {values[j]:R} vs {expected[j]:R}");
            }

            AssertOrthonormal(vectors);
            double residual = (a * vectors - vectors * Matrix<double>.Build.DenseOfDiagonalArray(values)).FrobeniusNorm();
            Assert.True(residual <= 1e-12 * norm * Math.Sqrt(n), $"trial {trial} (n {n}): residual {residual:E2}");
        }
    }

    [Theory]
    [InlineData("toeplitz", 200)]
    [InlineData("glued-wilkinson", 6 * 21)]
    [InlineData("tiny-coupling", 150)]
    public void Tridiagonal_matrices_with_known_or_delicate_spectra_are_solved(string kind, int n)
    {
        // Already tridiagonal, so the divide and conquer sees them unchanged.
        double Off(int i) => kind switch
        {
            "toeplitz" => -1,
            "glued-wilkinson" => (i + 1) % 21 == 0 ? 1e-14 : 1,
            _ => i % 7 == 0 ? 1e-300 : (i % 3 == 0 ? 1e-17 : 0.5),
        };
        double Diagonal(int i) => kind switch
        {
            "toeplitz" => 2,
            "glued-wilkinson" => Math.Abs((i % 21) - 10),
            _ => 1 + (i % 5),
        };
        var t = Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? Diagonal(i) : Math.Abs(i - j) == 1 ? Off(Math.Min(i, j)) : 0);
        (double[] values, Matrix<double> vectors) = Solve(t, n);
        if (kind == "toeplitz")
        {
            // Eigenvalues 2 − 2 cos(kπ/(n + 1)).
            double[] exact = [.. Enumerable.Range(1, n).Select(k => 2 - (2 * Math.Cos(k * Math.PI / (n + 1)))).OrderByDescending(value => value)];
            for (int j = 0; j < n; j++)
            {
                Assert.True(Math.Abs(values[j] - exact[j]) <= 1e-13 * 4, $"eigenvalue {j}: {values[j]:R} vs {exact[j]:R}");
            }
        }

        AssertMatchesReference(t, values, vectors);
    }

    [Fact]
    public void Non_finite_input_is_rejected()
    {
        double[] input = [1, double.NaN, double.NaN, 1];
        Assert.Throws<ArithmeticException>(() => Solve(input, 2, 1));
    }

    private static (double[] Values, Matrix<double> Vectors) Solve(Matrix<double> a, int count) => Solve(a.ToRowMajorArray(), a.RowCount, count);

    private static (double[] Values, Matrix<double> Vectors) Solve(double[] input, int n, int count)
    {
        using var kernels = new DenseKernels(KernelPathSupport.Best, 1);
        using var solver = new SymmetricEigensolver();
        var values = new double[count];
        var vectors = new double[n * count];
        fixed (double* a = input, v = vectors)
        {
            solver.Solve(WorkerGemm.On(kernels, 0), a, n, count, values, v);
        }

        return (values, Matrix<double>.Build.DenseOfRowMajor(n, count, vectors));
    }

    private static void AssertMatchesReference(Matrix<double> a, double[] values, Matrix<double> vectors, Spectrum? spectrum = null)
    {
        spectrum ??= new Spectrum(a);
        int n = a.RowCount;
        int count = values.Length;
        double[] reference = spectrum.Values;
        Matrix<double> referenceVectors = spectrum.Vectors;
        double norm = reference.Max(Math.Abs);

        for (int j = 0; j < count; j++)
        {
            Assert.True(Math.Abs(values[j] - reference[j]) <= 1e-12 * norm, $"eigenvalue {j}: {values[j]:R} vs {reference[j]:R} (norm {norm:R})");
        }

        AssertOrthonormal(vectors);
        double residual = (a * vectors - vectors * Matrix<double>.Build.DenseOfDiagonalArray(values)).FrobeniusNorm();
        Assert.True(residual <= 1e-12 * norm * Math.Sqrt(n), $"residual {residual:E2} (norm {norm:E2})");

        // Eigenspaces: whole clusters inside the top pairs must span the same space; a cluster cut by the count must lie inside the reference one.
        int start = 0;
        while (start < count)
        {
            int end = start + 1;
            while (end < n && reference[end - 1] - reference[end] <= ClusterGap * norm)
            {
                end++;
            }

            Matrix<double> space = referenceVectors.SubMatrix(0, n, start, end - start);
            int inside = Math.Min(end, count) - start;
            Matrix<double> computed = vectors.SubMatrix(0, n, start, inside);
            double outside = (computed - space * space.TransposeThisAndMultiply(computed)).FrobeniusNorm();
            Assert.True(outside <= 1e-9, $"pairs {start}..{end - 1}: computed vectors leave the reference eigenspace by {outside:E2}");
            if (end <= count)
            {
                // For orthonormal bases of one dimension ‖P − P̂‖_F = √2 ‖(I − P) V̂‖_F; small clusters check it literally.
                double distance = end - start <= 8 && n <= 64 ? Reference.ProjectorDistance(space, computed) : Math.Sqrt(2) * outside;
                Assert.True(distance <= 1e-9, $"pairs {start}..{end - 1}: projector distance {distance:E2}");
            }

            start = end;
        }
    }

    /// <summary>MathNet's EVD, sorted descending.</summary>
    private sealed class Spectrum
    {
        public Spectrum(Matrix<double> a)
        {
            int n = a.RowCount;
            var evd = a.Evd(Symmetricity.Symmetric);
            int[] order = [.. Enumerable.Range(0, n).OrderByDescending(i => evd.EigenValues[i].Real)];
            Values = [.. order.Select(i => evd.EigenValues[i].Real)];
            Vectors = Matrix<double>.Build.Dense(n, n, (i, j) => evd.EigenVectors[i, order[j]]);
        }

        public double[] Values { get; }

        public Matrix<double> Vectors { get; }
    }

    private static void AssertOrthonormal(Matrix<double> vectors)
    {
        Matrix<double> gram = vectors.TransposeThisAndMultiply(vectors) - Matrix<double>.Build.DenseIdentity(vectors.ColumnCount);
        double largest = gram.Enumerate().Max(Math.Abs);
        Assert.True(largest <= 1e-12, $"orthonormality error {largest:E2}");
    }
}
