using System.Numerics;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// The dense products the solver needs, on one kernel path, with one set of packing buffers per worker.
/// Multi-threaded calls split C into fixed slabs (rows, or columns for wide products; triangle columns for
/// the Gram), so each element is computed by one worker in the same order whatever the thread count.
/// </summary>
internal sealed unsafe class DenseKernels : IDisposable
{
    // Below this many multiply-adds a product is not worth waking other threads for.
    private const long ParallelThreshold = 1L << 20;

    private readonly KernelWorkspace?[] _workspaces;

    /// <summary>Creates the kernels.</summary>
    /// <param name="path">The instruction set to use; must be supported by this machine.</param>
    /// <param name="threads">Workers.</param>
    public DenseKernels(KernelPath path, int threads)
    {
        if (!KernelPathSupport.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"this CPU does not support the {KernelPathSupport.DisplayName(path)} kernels");
        }

        Path = path;
        Runner = new ParallelRunner(threads);
        _workspaces = new KernelWorkspace?[threads];
    }

    /// <summary>The instruction set.</summary>
    public KernelPath Path { get; }

    /// <summary>The workers.</summary>
    public ParallelRunner Runner { get; }

    /// <summary>Workers available.</summary>
    public int Threads => Runner.Threads;

    /// <summary>The packing buffers of one worker.</summary>
    /// <param name="worker">The worker index.</param>
    /// <returns>Its workspace.</returns>
    public KernelWorkspace Workspace(int worker) => _workspaces[worker] ??= new KernelWorkspace();

    /// <summary>Computes <c>C (=|+=) A · B</c> on all workers.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="a">The logical A (<c>m x k</c>).</param>
    /// <param name="b">The logical B (<c>k x n</c>).</param>
    /// <param name="c">C's first element.</param>
    /// <param name="ldc">Distance between C's rows.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public void Multiply<T>(MatrixView<T> a, MatrixView<T> b, T* c, nint ldc, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (a.Cols != b.Rows)
        {
            throw new ArgumentException($"inner dimensions differ: {a.Rows}x{a.Cols} times {b.Rows}x{b.Cols}");
        }

        int m = a.Rows;
        int n = b.Cols;
        int mr = TileRows<T>();
        int nr = TileColumns<T>();
        int rowTiles = (m + mr - 1) / mr;
        int columnTiles = (n + nr - 1) / nr;
        long work = (long)m * n * a.Cols;
        int workers = work < ParallelThreshold ? 1 : Threads;
        if (rowTiles >= columnTiles)
        {
            workers = Math.Min(workers, rowTiles);
            Runner.Run(workers, worker =>
            {
                int first = (int)((long)rowTiles * worker / workers) * mr;
                int end = Math.Min(m, (int)((long)rowTiles * (worker + 1) / workers) * mr);
                MultiplyOn(worker, a.RowRange(first, end - first), b, c + (first * ldc), ldc, accumulate);
            });
        }
        else
        {
            workers = Math.Min(workers, columnTiles);
            Runner.Run(workers, worker =>
            {
                int first = (int)((long)columnTiles * worker / workers) * nr;
                int end = Math.Min(n, (int)((long)columnTiles * (worker + 1) / workers) * nr);
                MultiplyOn(worker, a, b.ColumnRange(first, end - first), c + first, ldc, accumulate);
            });
        }
    }

    /// <summary>Computes <c>C (=|+=) A · B</c> on the calling worker only.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="worker">The worker whose buffers to use.</param>
    /// <param name="a">The logical A.</param>
    /// <param name="b">The logical B.</param>
    /// <param name="c">C's first element.</param>
    /// <param name="ldc">Distance between C's rows.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public void MultiplyOn<T>(int worker, MatrixView<T> a, MatrixView<T> b, T* c, nint ldc, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        SerialGemm.Multiply(Path, a, b, c, ldc, Workspace(worker).For<T>(), accumulate);
    }

    /// <summary>Packs a B operand once for many <see cref="MultiplyPacked{T}"/> calls.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="b">The logical B.</param>
    /// <param name="target">Receives the packed layout.</param>
    public void Pack<T>(MatrixView<T> b, PackedMatrix<T> target)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (Path)
        {
            case KernelPath.Vector512:
                GemmKernel<T, MicroKernel512<T>>.Pack(Path, b, target);
                break;
            case KernelPath.Vector256:
                GemmKernel<T, MicroKernel256<T>>.Pack(Path, b, target);
                break;
            default:
                GemmKernel<T, MicroKernelScalar<T>>.Pack(Path, b, target);
                break;
        }
    }

    /// <summary>Computes <c>C (=|+=) A · B</c> on one worker with B packed by <see cref="Pack{T}"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="worker">The worker whose buffers to use.</param>
    /// <param name="a">The logical A.</param>
    /// <param name="b">The packed B.</param>
    /// <param name="c">C's first element.</param>
    /// <param name="ldc">Distance between C's rows.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public void MultiplyPacked<T>(int worker, MatrixView<T> a, PackedMatrix<T> b, T* c, nint ldc, bool accumulate = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (b.Path != Path)
        {
            throw new ArgumentException("the operand was packed for another kernel path", nameof(b));
        }

        if (a.Cols != b.Steps)
        {
            throw new ArgumentException($"inner dimensions differ: {a.Rows}x{a.Cols} times {b.Steps}x{b.Columns}");
        }

        SerialGemm.Multiply(Path, a, b, c, ldc, Workspace(worker).For<T>(), accumulate);
    }

    /// <summary>Adds <c>sign · XᵀX</c> to the upper triangle (<c>i ≤ j</c>) of the double-precision G, on all workers.</summary>
    /// <param name="x">The rows (<c>n x d</c>).</param>
    /// <param name="g">G's first element (<c>d x d</c>).</param>
    /// <param name="ldg">Distance between G's rows.</param>
    /// <param name="sign">+1 or −1.</param>
    public void AccumulateGramUpper(MatrixView<float> x, double* g, nint ldg, double sign)
    {
        int workers = GramWorkers(x.Rows, x.Cols);
        Runner.Run(workers, worker =>
        {
            (int first, int end) = GramColumns(x.Cols, worker, workers);
            AccumulateGramUpperOn(worker, x, first, end, g, ldg, sign);
        });
    }

    /// <summary>How many workers a Gram update of <paramref name="rows"/> rows of width <paramref name="d"/> is worth.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <returns>1 to <see cref="Threads"/>.</returns>
    public int GramWorkers(int rows, int d)
    {
        int panels = (d + GramPanelWidth - 1) / GramPanelWidth;
        long work = (long)rows * d * d / 2;
        return Math.Max(1, Math.Min(work < ParallelThreshold ? 1 : Threads, panels));
    }

    /// <summary>
    /// The columns of G that <paramref name="worker"/> of <paramref name="workers"/> owns in a Gram update: whole panels,
    /// cut where the square tiles (panel <c>q</c> of the triangle holds <c>q + 1</c> of them) divide evenly. Results
    /// never depend on the cut; only the balance does.
    /// </summary>
    /// <param name="d">G's size.</param>
    /// <param name="worker">The worker.</param>
    /// <param name="workers">Workers sharing the update.</param>
    /// <returns>The worker's columns <c>[first, end)</c>; empty when it has none.</returns>
    public (int First, int End) GramColumns(int d, int worker, int workers)
    {
        int w = GramPanelWidth;
        long panels = (d + w - 1) / w;
        return (Boundary(worker), Boundary(worker + 1));

        int Boundary(int index)
        {
            if (index <= 0)
            {
                return 0;
            }

            if (index >= workers)
            {
                return d;
            }

            // Panels [0, q) hold q(q + 1)/2 tiles: cut at the panel count nearest the worker's share.
            double target = panels * (panels + 1) / 2.0 * index / workers;
            long q = (long)Math.Round((Math.Sqrt(1 + (8 * target)) - 1) / 2);
            return (int)Math.Min(d, Math.Clamp(q, 0, panels) * w);
        }
    }

    /// <summary>The width of the Gram kernel's square tiles, the unit in which workers share the Gram's columns.</summary>
    public int GramPanelWidth => Path switch
    {
        KernelPath.Vector512 => SquareKernel512.Width,
        KernelPath.Vector256 => SquareKernel256.Width,
        _ => SquareKernelScalar.Width,
    };

    /// <summary>Adds <c>sign · XᵀX</c> to columns <c>[first, end)</c> of G's upper triangle, on the calling thread with the buffers of <paramref name="worker"/>.</summary>
    /// <param name="worker">The worker whose buffers to use.</param>
    /// <param name="x">The rows (<c>n x d</c>).</param>
    /// <param name="first">First column (from <see cref="GramColumns"/>).</param>
    /// <param name="end">End of the columns.</param>
    /// <param name="g">G's first element (<c>d x d</c>).</param>
    /// <param name="ldg">Distance between G's rows.</param>
    /// <param name="sign">+1 or −1.</param>
    public void AccumulateGramUpperOn(int worker, MatrixView<float> x, int first, int end, double* g, nint ldg, double sign)
    {
        if (end <= first)
        {
            return;
        }

        WorkspaceBuffers<float> buffers = Workspace(worker).For<float>();
        switch (Path)
        {
            case KernelPath.Vector512:
                SyrkKernel<SquareKernel512>.AccumulateUpper(x, first, end, g, ldg, sign, buffers);
                break;
            case KernelPath.Vector256:
                SyrkKernel<SquareKernel256>.AccumulateUpper(x, first, end, g, ldg, sign, buffers);
                break;
            default:
                SyrkKernel<SquareKernelScalar>.AccumulateUpper(x, first, end, g, ldg, sign, buffers);
                break;
        }
    }

    /// <summary>
    /// Adds <c>XᵀX</c> of rows already packed in panels of <see cref="GramPanelWidth"/> to the single-precision slab of
    /// <paramref name="worker"/> for columns <c>[first, end)</c>, and with <paramref name="flush"/> adds <c>sign</c> times
    /// the slab to G's upper triangle. Calls from <paramref name="start"/> to <paramref name="flush"/> must own the same columns.
    /// </summary>
    /// <param name="worker">The worker whose buffers (and slab) to use.</param>
    /// <param name="x">The packed rows.</param>
    /// <param name="first">First column (from <see cref="GramColumns"/>).</param>
    /// <param name="end">End of the columns.</param>
    /// <param name="g">G's first element (<c>d x d</c>, <c>d</c> = the rows' columns).</param>
    /// <param name="ldg">Distance between G's rows.</param>
    /// <param name="sign">+1 or −1.</param>
    /// <param name="start">Start a new slab.</param>
    /// <param name="flush">Add the slab to G.</param>
    public void AccumulateGramPanelsOn(int worker, GramPanels x, int first, int end, double* g, nint ldg, double sign, bool start, bool flush)
    {
        if (x.Width != GramPanelWidth)
        {
            throw new ArgumentException($"rows packed {x.Width} wide, but this path's Gram panels are {GramPanelWidth} wide", nameof(x));
        }

        if (end <= first)
        {
            return;
        }

        WorkspaceBuffers<float> buffers = Workspace(worker).For<float>();
        switch (Path)
        {
            case KernelPath.Vector512:
                SyrkKernel<SquareKernel512>.Accumulate(x, x.Columns, first, end, g, ldg, sign, buffers, start, flush);
                break;
            case KernelPath.Vector256:
                SyrkKernel<SquareKernel256>.Accumulate(x, x.Columns, first, end, g, ldg, sign, buffers, start, flush);
                break;
            default:
                SyrkKernel<SquareKernelScalar>.Accumulate(x, x.Columns, first, end, g, ldg, sign, buffers, start, flush);
                break;
        }
    }

    /// <summary>The register tile's row count on this path.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>Rows.</returns>
    public int TileRows<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Path switch
        {
            KernelPath.Vector512 => MicroKernel512<T>.Mr,
            KernelPath.Vector256 => MicroKernel256<T>.Mr,
            _ => MicroKernelScalar<T>.Mr,
        };

    /// <summary>The register tile's column count on this path.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>Columns.</returns>
    public int TileColumns<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Path switch
        {
            KernelPath.Vector512 => MicroKernel512<T>.Nr,
            KernelPath.Vector256 => MicroKernel256<T>.Nr,
            _ => MicroKernelScalar<T>.Nr,
        };

    /// <inheritdoc />
    public void Dispose()
    {
        Runner.Dispose();
        foreach (KernelWorkspace? workspace in _workspaces)
        {
            workspace?.Dispose();
        }
    }
}
