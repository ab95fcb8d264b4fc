using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Session;
using GroupReduce.Plugins.Cpu.Tests.Support;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>The Gram builder end to end: gathering, scaling, packing, slabs over several chunks, and its cache's recovery.</summary>
public sealed unsafe class GramBuilderTests
{
    public static IEnumerable<object[]> PathsAndViews() =>
        from path in Solvers.SupportedPaths()
        from views in new[] { true, false }
        select new object[] { path[0], views };

    [Theory]
    [MemberData(nameof(PathsAndViews))]
    internal void WeightedGramOverManyChunksMatchesDoubleReference(KernelPath path, bool allowViews)
    {
        // More than SlabChunks chunks, so slabs are flushed and restarted within one call; rows with gaps and runs.
        const int total = 10_000, d = 37;
        var matrix = new ArrayRowMatrix(TestData.Uniform(total * d, 61), total, d, allowViews);
        double[] weights = TestData.ZipfWeights(total);
        int[] rows = [.. Enumerable.Range(0, total).Where(i => i % 7 != 3 && i % 11 != 5)];
        Assert.True(rows.Length > GramBuilder.ChunkRows * (GramBuilder.SlabChunks + 1));

        double[] g = Build(path, 2, matrix, weights, rows, 1.0);
        Assert.Equal(g, Build(path, 1, matrix, weights, rows, 1.0));
        Assert.Equal(g, Build(path, 3, matrix, weights, rows, 1.0));
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                if (j < i)
                {
                    Assert.Equal(0.0, g[(i * d) + j]);
                    continue;
                }

                double sum = 0, magnitude = 0;
                foreach (int row in rows)
                {
                    // The builder scales by √w in single precision, as the reference does here.
                    float root = (float)Math.Sqrt(weights[row]);
                    double product = (double)(matrix[row, i] * root) * (matrix[row, j] * root);
                    sum += product;
                    magnitude += Math.Abs(product);
                }

                Assert.True(Math.Abs(sum - g[(i * d) + j]) <= 4e-6 * magnitude, $"({i},{j}) {g[(i * d) + j]} vs {sum}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndViews))]
    internal void RemovingRowsUndoesAddingThem(KernelPath path, bool allowViews)
    {
        const int total = 3000, d = 24;
        var matrix = new ArrayRowMatrix(TestData.Uniform(total * d, 62), total, d, allowViews);
        double[] weights = TestData.ZipfWeights(total);
        int[] rows = [.. Enumerable.Range(0, total).Where(i => i % 3 != 0)];
        using var kernels = new DenseKernels(path, 2);
        using var builder = new GramBuilder(matrix, RootWeights(weights), kernels);
        var g = new double[d * d];
        fixed (double* pg = g)
        {
            builder.Accumulate(rows, pg, 1.0, CancellationToken.None);
            builder.Accumulate(rows, pg, -1.0, CancellationToken.None);
        }

        Assert.All(g, value => Assert.Equal(0.0, value));
    }

    [Fact]
    public void Cancelled_update_is_not_reused_by_the_next_fit()
    {
        // The matrix cancels the fit from inside a gather (no views: every row is copied) once the update of a cached
        // Gram has added a first slab of the 7000 joining rows. The next fit of that group must not build on it.
        const int total = 10_000, d = 16;
        float[] values = TestData.Uniform(total * d, 63);
        double[] weights = TestData.ZipfWeights(total);
        int[] first = [.. Enumerable.Range(0, 2000)];
        int[] moved = [.. Enumerable.Range(0, 9000)];
        using var source = new CancellationTokenSource();
        var matrix = new CancellingRowMatrix(new ArrayRowMatrix(values, total, d, allowViews: false), source);
        using ISolver solver = Solvers.Create(2, "full");
        using ISolverSession session = solver.Open(matrix, weights);
        session.FitBases([new GroupFitRequest(0, first, 3)], null, CancellationToken.None);

        matrix.CancelAfterCopies = matrix.Copies + ((GramBuilder.SlabChunks + 1) * GramBuilder.ChunkRows) + 100;
        Assert.ThrowsAny<OperationCanceledException>(() => session.FitBases([new GroupFitRequest(0, moved, 3)], null, source.Token));
        GroupBasis retried = session.FitBases([new GroupFitRequest(0, moved, 3)], null, CancellationToken.None)[0];

        using ISolver other = Solvers.Create(2, "full");
        using ISolverSession fresh = other.Open(new ArrayRowMatrix(values, total, d), weights);
        GroupBasis expected = fresh.FitBases([new GroupFitRequest(0, moved, 3)], null, CancellationToken.None)[0];
        Assert.Equal(expected.Eigenvalues, retried.Eigenvalues);
        Assert.Equal(expected.TotalEnergy, retried.TotalEnergy);
    }

    private static double[] Build(KernelPath path, int threads, IRowMatrix matrix, double[] weights, int[] rows, double sign)
    {
        int d = matrix.Columns;
        using var kernels = new DenseKernels(path, threads);
        using var builder = new GramBuilder(matrix, RootWeights(weights), kernels);
        var g = new double[d * d];
        fixed (double* pg = g)
        {
            double flops = builder.Accumulate(rows, pg, sign, CancellationToken.None);
            Assert.Equal((double)rows.Length * d * (d + 1), flops);
        }

        return g;
    }

    private static float[] RootWeights(double[] weights) => [.. weights.Select(w => (float)Math.Sqrt(w))];

    /// <summary>A matrix without views that cancels a token once it has copied a given number of rows.</summary>
    private sealed class CancellingRowMatrix(ArrayRowMatrix inner, CancellationTokenSource source) : IRowMatrix
    {
        private int _copies;

        public int Copies => Volatile.Read(ref _copies);

        public int CancelAfterCopies { get; set; } = int.MaxValue;

        public string Name => inner.Name;

        public long Rows => inner.Rows;

        public int Columns => inner.Columns;

        public void CopyRows(long firstRow, int rowCount, Span<float> destination)
        {
            if (Interlocked.Add(ref _copies, rowCount) >= CancelAfterCopies)
            {
                source.Cancel();
            }

            inner.CopyRows(firstRow, rowCount, destination);
        }

        public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows)
        {
            rows = default;
            return false;
        }
    }
}
