using System.Numerics;
using System.Runtime.CompilerServices;

namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// A single-threaded GotoBLAS-style GEMM, <c>C (=|+=) A · B</c>, specialised per micro-kernel: B is packed
/// per (column block, step block) so a block stays in L2, each A panel is packed once per block and stays
/// in L1 while it sweeps every B panel of the block. The order of every reduction is fixed by the step
/// blocking alone, so results never depend on how callers split C between threads.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TKernel">The micro-kernel.</typeparam>
internal static unsafe class GemmKernel<T, TKernel>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKernel : struct, IMicroKernel<T>
{
    /// <summary>Most columns per B block: with <see cref="BlockSteps"/> steps a block is then at most 640 KiB, within a 1 MiB L2.</summary>
    public const int MaxBlockColumns = 640;

    /// <summary>Steps per block: an A panel of 14 rows is then 14 KiB, under half of L1.</summary>
    public static int BlockSteps => Unsafe.SizeOf<T>() == sizeof(float) ? 256 : 128;

    /// <summary>
    /// Columns per B block for a product <paramref name="columns"/> wide: as few blocks as fit
    /// <see cref="MaxBlockColumns"/>, of equal width in whole panels. One block means A is packed once per step block.
    /// </summary>
    /// <param name="columns">The product's columns.</param>
    /// <returns>A multiple of the kernel's tile width.</returns>
    public static int BlockColumns(int columns)
    {
        int blocks = Math.Max(1, (columns + MaxBlockColumns - 1) / MaxBlockColumns);
        return RoundUp(Math.Max(1, (columns + blocks - 1) / blocks), TKernel.Nr);
    }

    /// <summary>Packs the whole of <paramref name="b"/> for repeated use with <see cref="Multiply(in MatrixView{T}, PackedMatrix{T}, T*, nint, WorkspaceBuffers{T}, bool)"/>.</summary>
    /// <param name="path">The path this kernel belongs to (recorded in the packed matrix).</param>
    /// <param name="b">The logical B.</param>
    /// <param name="target">Receives the packed blocks.</param>
    public static void Pack(KernelPath path, in MatrixView<T> b, PackedMatrix<T> target)
    {
        int steps = b.Rows;
        int columns = b.Cols;
        int blockColumns = BlockColumns(columns);
        target.Reset(path, steps, columns, BlockSteps, blockColumns, TKernel.Nr);
        for (int jc = 0; jc < columns; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, columns - jc);
            for (int pc = 0; pc < steps; pc += BlockSteps)
            {
                Packing.PackB(target.Block(jc, pc), b, pc, Math.Min(BlockSteps, steps - pc), jc, nc, TKernel.Nr);
            }
        }
    }

    /// <summary>Computes <c>C (=|+=) A · B</c>, packing B block by block.</summary>
    /// <param name="a">The logical A (<c>m x k</c>).</param>
    /// <param name="b">The logical B (<c>k x n</c>).</param>
    /// <param name="c">C's first element.</param>
    /// <param name="ldc">Distance between C's rows.</param>
    /// <param name="buffers">This thread's buffers.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply(in MatrixView<T> a, in MatrixView<T> b, T* c, nint ldc, WorkspaceBuffers<T> buffers, bool accumulate)
    {
        int m = a.Rows;
        int k = a.Cols;
        int n = b.Cols;
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ClearUnlessAccumulating(c, ldc, m, n, accumulate);
            return;
        }

        int nr = TKernel.Nr;
        int blockColumns = BlockColumns(n);
        T* block = buffers.BlockB.Ensure((long)BlockSteps * blockColumns);
        for (int jc = 0; jc < n; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, n - jc);
            for (int pc = 0; pc < k; pc += BlockSteps)
            {
                int kc = Math.Min(BlockSteps, k - pc);
                Packing.PackB(block, b, pc, kc, jc, nc, nr);
                MacroKernel(a, pc, kc, block, nc, c + jc, ldc, buffers, accumulate || pc > 0);
            }
        }
    }

    /// <summary>Computes <c>C (=|+=) A · B</c> with B packed beforehand by <see cref="Pack"/>.</summary>
    /// <param name="a">The logical A (<c>m x k</c>).</param>
    /// <param name="b">The packed B (<c>k x n</c>).</param>
    /// <param name="c">C's first element.</param>
    /// <param name="ldc">Distance between C's rows.</param>
    /// <param name="buffers">This thread's buffers.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply(in MatrixView<T> a, PackedMatrix<T> b, T* c, nint ldc, WorkspaceBuffers<T> buffers, bool accumulate)
    {
        int m = a.Rows;
        int k = a.Cols;
        int n = b.Columns;
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ClearUnlessAccumulating(c, ldc, m, n, accumulate);
            return;
        }

        for (int jc = 0; jc < n; jc += b.BlockColumns)
        {
            int nc = Math.Min(b.BlockColumns, n - jc);
            for (int pc = 0; pc < k; pc += b.BlockSteps)
            {
                int kc = Math.Min(b.BlockSteps, k - pc);
                MacroKernel(a, pc, kc, b.Block(jc, pc), nc, c + jc, ldc, buffers, accumulate || pc > 0);
            }
        }
    }

    /// <summary>Rounds <paramref name="value"/> up to a multiple of <paramref name="multiple"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="multiple">The multiple.</param>
    /// <returns>The rounded value.</returns>
    public static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static void MacroKernel(in MatrixView<T> a, int pc, int kc, T* packedB, int nc, T* c, nint ldc, WorkspaceBuffers<T> buffers, bool accumulate)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        int m = a.Rows;
        T* panelA = buffers.PanelA.Ensure((long)kc * mr);
        T* tile = buffers.Tile.Ensure((long)mr * nr);
        for (int i0 = 0; i0 < m; i0 += mr)
        {
            int rows = Math.Min(mr, m - i0);
            Packing.PackA(panelA, a, i0, rows, pc, kc, mr);
            T* cRow = c + (i0 * ldc);
            for (int jp = 0; jp < nc; jp += nr)
            {
                int cols = Math.Min(nr, nc - jp);
                T* panelB = packedB + ((nint)jp * kc);
                int width = Packing.PanelWidth(cols, nr);
                if (rows == mr && cols == width)
                {
                    RunPanel(width == nr, kc, panelA, panelB, cRow + jp, ldc, accumulate);
                }
                else
                {
                    RunPanel(width == nr, kc, panelA, panelB, tile, width, false);
                    StoreEdge(tile, width, cRow + jp, ldc, rows, cols, accumulate);
                }
            }
        }
    }

    /// <summary>Runs the full or the half-width kernel on one panel.</summary>
    /// <param name="full">Whether the panel is a full tile wide.</param>
    /// <param name="kc">Steps.</param>
    /// <param name="a">The A panel.</param>
    /// <param name="b">The B panel.</param>
    /// <param name="c">The tile's first element.</param>
    /// <param name="ldc">Distance between tile rows.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunPanel(bool full, int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
    {
        if (full)
        {
            TKernel.Run(kc, a, b, c, ldc, accumulate);
        }
        else
        {
            TKernel.RunNarrow(kc, a, b, c, ldc, accumulate);
        }
    }

    private static void StoreEdge(T* tile, int nr, T* c, nint ldc, int rows, int cols, bool accumulate)
    {
        for (int r = 0; r < rows; r++)
        {
            T* source = tile + ((nint)r * nr);
            T* target = c + (r * ldc);
            if (accumulate)
            {
                for (int j = 0; j < cols; j++)
                {
                    target[j] += source[j];
                }
            }
            else
            {
                new ReadOnlySpan<T>(source, cols).CopyTo(new Span<T>(target, cols));
            }
        }
    }

    private static void ClearUnlessAccumulating(T* c, nint ldc, int m, int n, bool accumulate)
    {
        if (accumulate)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            new Span<T>(c + (i * ldc), n).Clear();
        }
    }
}
