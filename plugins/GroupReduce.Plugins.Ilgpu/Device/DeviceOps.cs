using System.Diagnostics;
using GroupReduce.Plugins.Ilgpu.Kernels;
using GroupReduce.Plugins.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace GroupReduce.Plugins.Ilgpu.Device;

/// <summary>
/// Launches the compiled kernels with their grids worked out from the operand shapes, and times the products on
/// their own (synchronised before and after) so the report can give the product kernel's device rate.
/// </summary>
internal sealed class DeviceOps
{
    private readonly KernelSet _kernels;
    private readonly KernelCounters _counters;
    private readonly int _multiprocessors;

    /// <summary>Wraps the kernels of one accelerator.</summary>
    /// <param name="kernels">The compiled kernels.</param>
    /// <param name="counters">Where the product's device time goes.</param>
    public DeviceOps(KernelSet kernels, KernelCounters counters)
    {
        _kernels = kernels;
        _counters = counters;
        _multiprocessors = Math.Max(1, kernels.Accelerator.NumMultiprocessors);
    }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator => _kernels.Accelerator;

    /// <summary>Waits for all queued work.</summary>
    public void Synchronize() => _kernels.Accelerator.Synchronize();

    /// <summary><c>C = A · B</c>: <c>A</c> is <c>m x k</c>, <c>B</c> is <c>k x n</c>, all row-major and dense.</summary>
    /// <param name="a">A.</param>
    /// <param name="b">B.</param>
    /// <param name="c">C.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The inner size.</param>
    public void Multiply(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int k) =>
        Launch(a, b, c, new ProductShape { M = m, N = n, K = k, Lda = k, Ldb = n, Ldc = n }, 1);

    /// <summary>
    /// The upper triangle (by 64 x 64 tiles) of <c>Xᵀ X</c> for a <c>rows x d</c> chunk <c>X</c>, as several
    /// partial products of consecutive row ranges, <c>d · d</c> values apart in <paramref name="partials"/>.
    /// </summary>
    /// <param name="x">The chunk.</param>
    /// <param name="partials">At least <c>splits · d · d</c> values.</param>
    /// <param name="rows">Rows of the chunk.</param>
    /// <param name="d">Columns.</param>
    /// <returns>How many splits were written.</returns>
    public int GramPartials(ArrayView<float> x, ArrayView<float> partials, int rows, int d)
    {
        int splits = GramSplits(rows, d);
        var shape = new ProductShape { M = d, N = d, K = rows, Lda = d, Ldb = d, Ldc = d, TransposeA = 1, UpperOnly = 1, SplitStride = d * d };
        return Launch(x, x, partials, shape, splits);
    }

    /// <summary>How many partial products a Gram of a <paramref name="rows"/>-row chunk is split into: enough groups to fill the device, each split at least 256 rows.</summary>
    /// <param name="rows">Rows of the chunk.</param>
    /// <param name="d">Columns.</param>
    /// <returns>The split count, 1 to 16.</returns>
    public int GramSplits(int rows, int d)
    {
        int tiles = (d + _kernels.Tile - 1) / _kernels.Tile;
        int upper = tiles * (tiles + 1) / 2;
        int wanted = (4 * _multiprocessors + upper - 1) / upper;
        return Math.Clamp(Math.Min(wanted, rows / 256), 1, 16);
    }

    /// <summary>Sums of squares over column ranges of each row (see <see cref="SegmentSums"/>).</summary>
    /// <param name="values">The rows.</param>
    /// <param name="offsets">The ranges' <c>segments + 1</c> offsets.</param>
    /// <param name="output"><c>rows x segments</c> sums.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="stride">Values between rows.</param>
    /// <param name="segments">Ranges per row.</param>
    public void SquareSums(ArrayView<float> values, ArrayView<int> offsets, ArrayView<float> output, int rows, int stride, int segments)
    {
        if (rows == 0 || segments == 0)
        {
            return;
        }

        _kernels.Segments(rows * segments, values, offsets, output, new SegmentShape { Stride = stride, Segments = segments });
    }

    /// <summary>Per-row squared errors and norms (see <see cref="RowErrors"/>).</summary>
    /// <param name="rows">The exact rows.</param>
    /// <param name="approximation">The approximation.</param>
    /// <param name="output"><c>2 · count</c> values.</param>
    /// <param name="count">Rows.</param>
    /// <param name="d">Columns.</param>
    public void RowErrors(ArrayView<float> rows, ArrayView<float> approximation, ArrayView<double> output, int count, int d)
    {
        _kernels.Errors(count, rows, approximation, output, d);
    }

    /// <summary><c>scaled = diag(factors) · rows</c>.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="factors">One factor per row.</param>
    /// <param name="scaled">The result.</param>
    /// <param name="count">Rows.</param>
    /// <param name="d">Columns.</param>
    public void ScaleRows(ArrayView<float> rows, ArrayView<float> factors, ArrayView<float> scaled, int count, int d) =>
        _kernels.Scale(count * d, rows, factors, scaled, d);

    /// <summary>Adds the partial Grams to the double-precision Gram.</summary>
    /// <param name="partials">The partials.</param>
    /// <param name="gram">The Gram.</param>
    /// <param name="d">Columns.</param>
    /// <param name="splits">How many partials.</param>
    public void Accumulate(ArrayView<float> partials, ArrayView<double> gram, int d, int splits) =>
        _kernels.Accumulate(d * d, partials, gram, d * d, splits);

    /// <summary>Gathers rows of a resident matrix into a chunk.</summary>
    /// <param name="source">The resident matrix.</param>
    /// <param name="indices">The rows.</param>
    /// <param name="target">The chunk.</param>
    /// <param name="count">Rows.</param>
    /// <param name="d">Columns.</param>
    public void Gather(ArrayView<float> source, ArrayView<int> indices, ArrayView<float> target, int count, int d) =>
        _kernels.Gather(count * d, source, indices, target, d);

    private int Launch(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ProductShape shape, int splits)
    {
        if (shape.M == 0 || shape.N == 0)
        {
            return 0;
        }

        int side = _kernels.Side;
        int tile = _kernels.Tile;
        int depth = TiledProduct.Depth;
        int perSplit = Math.Max(depth, (shape.K + splits - 1) / splits);
        perSplit = (perSplit + depth - 1) / depth * depth;
        int used = Math.Max(1, (shape.K + perSplit - 1) / perSplit);
        shape.Side = side;
        shape.KPerSplit = perSplit;
        var grid = new Index3D((shape.N + tile - 1) / tile, (shape.M + tile - 1) / tile, used);
        var group = new Index3D(side, side, 1);

        // Timed alone: whatever was queued before (uploads) finishes first.
        Synchronize();
        var clock = Stopwatch.StartNew();
        _kernels.Product(new KernelConfig(grid, group), a, b, c, shape);
        Synchronize();
        double flops = 2.0 * shape.M * shape.N * shape.K * (shape.UpperOnly != 0 ? 0.5 : 1);
        _counters.Add(KernelCounters.Product, flops, clock.Elapsed);
        return used;
    }
}
