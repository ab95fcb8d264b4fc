using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Tests.Support;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>The GEMM and SYRK kernels against naive double-precision products, on every path the machine runs.</summary>
public sealed unsafe class KernelTests
{
    // Shapes chosen to hit every edge: single rows/columns, sizes off the vector width and the tiles, last panels
    // of at most half a tile (the half-width kernel: 33, 70, 48 on AVX-512), more than one step block (k > 256) and
    // more than one column block (n > 640).
    public static readonly int[][] Shapes =
    [
        [1, 1, 1], [1, 7, 33], [7, 1, 65], [33, 65, 127], [65, 127, 7], [127, 33, 1],
        [14, 256, 32], [15, 257, 33], [29, 300, 600], [3, 513, 17], [130, 40, 70], [28, 20, 48], [5, 40, 700],
    ];

    public static IEnumerable<object[]> PathsAndShapes() =>
        from path in Solvers.SupportedPaths()
        from shape in Shapes
        select new object[] { path[0], shape[0], shape[1], shape[2] };

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    internal void SingleGemmMatchesNaiveProduct(KernelPath path, int m, int k, int n)
    {
        float[] a = TestData.Uniform(m * k, 1);
        float[] b = TestData.Uniform(k * n, 2);
        double[] expected = Naive(a, b, m, k, n, transposeA: false, transposeB: false);
        using var kernels = new DenseKernels(path, 2);
        var c = new float[m * n];
        fixed (float* pa = a, pb = b, pc = c)
        {
            kernels.Multiply(new MatrixView<float>(pa, m, k, k), new MatrixView<float>(pb, k, n, n), pc, n);
        }

        AssertClose(expected, c, k);
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    internal void TransposedOperandsMatchNaiveProduct(KernelPath path, int m, int k, int n)
    {
        // Aᵀ stored k x m, Bᵀ stored n x k.
        float[] at = TestData.Uniform(k * m, 3);
        float[] bt = TestData.Uniform(n * k, 4);
        double[] expected = Naive(at, bt, m, k, n, transposeA: true, transposeB: true);
        using var kernels = new DenseKernels(path, 2);
        var c = new float[m * n];
        fixed (float* pa = at, pb = bt, pc = c)
        {
            kernels.Multiply(new MatrixView<float>(pa, k, m, m).Transpose(), new MatrixView<float>(pb, n, k, k).Transpose(), pc, n);
        }

        AssertClose(expected, c, k);
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    internal void DoubleGemmMatchesNaiveProduct(KernelPath path, int m, int k, int n)
    {
        double[] a = TestData.UniformDouble(m * k, 5);
        double[] bt = TestData.UniformDouble(n * k, 6);
        using var kernels = new DenseKernels(path, 2);
        var c = new double[m * n];
        fixed (double* pa = a, pb = bt, pc = c)
        {
            kernels.Multiply(new MatrixView<double>(pa, m, k, k), new MatrixView<double>(pb, n, k, k).Transpose(), pc, n);
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += a[(i * k) + p] * bt[(j * k) + p];
                }

                Assert.True(Math.Abs(sum - c[(i * n) + j]) <= 1e-13 * k, $"({i},{j}): {c[(i * n) + j]} vs {sum}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    internal void PackedOperandMatchesUnpackedBitwise(KernelPath path, int m, int k, int n)
    {
        float[] a = TestData.Uniform(m * k, 7);
        float[] b = TestData.Uniform(k * n, 8);
        using var kernels = new DenseKernels(path, 1);
        using var packed = new PackedMatrix<float>();
        var direct = new float[m * n];
        var viaPacked = new float[m * n];
        fixed (float* pa = a, pb = b, pd = direct, pp = viaPacked)
        {
            kernels.Multiply(new MatrixView<float>(pa, m, k, k), new MatrixView<float>(pb, k, n, n), pd, n);
            kernels.Pack(new MatrixView<float>(pb, k, n, n), packed);
            kernels.MultiplyPacked(0, new MatrixView<float>(pa, m, k, k), packed, pp, n);
        }

        Assert.Equal(direct, viaPacked);
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    internal void ThreadCountDoesNotChangeBits(KernelPath path, int m, int k, int n)
    {
        float[] a = TestData.Uniform(m * k, 9);
        float[] b = TestData.Uniform(k * n, 10);
        var one = new float[m * n];
        var two = new float[m * n];
        using var single = new DenseKernels(path, 1);
        using var dual = new DenseKernels(path, 2);
        fixed (float* pa = a, pb = b, p1 = one, p2 = two)
        {
            single.Multiply(new MatrixView<float>(pa, m, k, k), new MatrixView<float>(pb, k, n, n), p1, n);
            dual.Multiply(new MatrixView<float>(pa, m, k, k), new MatrixView<float>(pb, k, n, n), p2, n);
        }

        Assert.Equal(one, two);
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    internal void AccumulateAddsToExistingValues(KernelPath path, int m, int k, int n)
    {
        float[] a = TestData.Uniform(m * k, 11);
        float[] b = TestData.Uniform(k * n, 12);
        double[] product = Naive(a, b, m, k, n, false, false);
        float[] c = TestData.Uniform(m * n, 13);
        var expected = new double[m * n];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = product[i] + c[i];
        }

        using var kernels = new DenseKernels(path, 2);
        fixed (float* pa = a, pb = b, pc = c)
        {
            kernels.Multiply(new MatrixView<float>(pa, m, k, k), new MatrixView<float>(pb, k, n, n), pc, n, accumulate: true);
        }

        AssertClose(expected, c, k + 1);
    }

    public static IEnumerable<object[]> PathsAndGramShapes() =>
        from path in Solvers.SupportedPaths()
        from shape in new[] { new[] { 1, 1 }, new[] { 7, 33 }, new[] { 65, 15 }, new[] { 300, 127 }, new[] { 33, 65 }, new[] { 513, 40 }, new[] { 20, 530 } }
        select new object[] { path[0], shape[0], shape[1] };

    [Theory]
    [MemberData(nameof(PathsAndGramShapes))]
    internal void GramUpperTriangleMatchesNaiveAndLowerIsUntouched(KernelPath path, int n, int d)
    {
        float[] x = TestData.Uniform(n * d, 14);
        var g = new double[d * d];
        using var kernels = new DenseKernels(path, 2);
        fixed (float* px = x)
        fixed (double* pg = g)
        {
            kernels.AccumulateGramUpper(new MatrixView<float>(px, n, d, d), pg, d, 1.0);
        }

        // Single-precision chains of at most 256 terms, their sum within the call, then double precision.
        GramReference.AssertUpper(x, n, d, g, 4e-6);
    }

    [Theory]
    [MemberData(nameof(PathsAndGramShapes))]
    internal void GramRemovalUndoesAdditionAndIgnoresThreadCount(KernelPath path, int n, int d)
    {
        float[] x = TestData.Uniform(n * d, 15);
        var once = new double[d * d];
        var twice = new double[d * d];
        using var single = new DenseKernels(path, 1);
        using var dual = new DenseKernels(path, 2);
        fixed (float* px = x)
        fixed (double* p1 = once, p2 = twice)
        {
            var view = new MatrixView<float>(px, n, d, d);
            single.AccumulateGramUpper(view, p1, d, 1.0);
            dual.AccumulateGramUpper(view, p2, d, 1.0);
            Assert.Equal(once, twice);
            dual.AccumulateGramUpper(view, p2, d, -1.0);
        }

        Assert.All(twice, value => Assert.Equal(0.0, value));
    }

    private static double[] Naive(float[] a, float[] b, int m, int k, int n, bool transposeA, bool transposeB)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double left = transposeA ? a[(p * m) + i] : a[(i * k) + p];
                    double right = transposeB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += left * right;
                }

                c[(i * n) + j] = sum;
            }
        }

        return c;
    }

    private static void AssertClose(double[] expected, float[] actual, int k)
    {
        // Inputs are in [-1, 1]: a float dot product of length k errs by at most ~k·2⁻²⁴.
        double tolerance = 2e-7 * (k + 1);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: {actual[i]} vs {expected[i]}");
        }
    }
}
