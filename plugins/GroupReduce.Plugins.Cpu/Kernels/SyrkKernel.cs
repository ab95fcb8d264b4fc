using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// The Gram update <c>G += sign · XᵀX</c> on the upper triangle. Rows are packed once into panels of <c>W</c> columns
/// (<see cref="GramPanels"/>) that serve as both operands of a square <c>W x W</c> kernel, so no transposed copy is
/// needed. Each block's products are summed in registers (one fused chain of at most
/// <see cref="GramPanels.BlockSteps"/> terms per element), the blocks of one slab are added in single precision
/// (a few roundings, against the hundreds of the chains), and the slab is added to the double-precision G when the
/// caller flushes it: the precision of G does not degrade with the number of rows, and G, too large for L2, is
/// touched once per slab rather than once per block. Only tiles that touch the upper triangle are computed.
/// </summary>
/// <typeparam name="TKernel">The square kernel.</typeparam>
internal static unsafe class SyrkKernel<TKernel>
    where TKernel : struct, ISquareKernel
{
    /// <summary>Adds <c>sign · XᵀX</c> to columns <c>[columnBegin, columnEnd)</c> of G's upper triangle (rows <c>i ≤ j</c>).</summary>
    /// <param name="x">The rows (<c>n x d</c>, row-major).</param>
    /// <param name="columnBegin">First column of G this call owns.</param>
    /// <param name="columnEnd">End of the columns this call owns.</param>
    /// <param name="g">G's first element (<c>d x d</c>).</param>
    /// <param name="ldg">Distance between G's rows.</param>
    /// <param name="sign">+1 to add the rows, −1 to remove them.</param>
    /// <param name="buffers">This thread's buffers.</param>
    public static void AccumulateUpper(in MatrixView<float> x, int columnBegin, int columnEnd, double* g, nint ldg, double sign, WorkspaceBuffers<float> buffers)
    {
        int n = x.Rows;
        if (n == 0 || columnEnd <= columnBegin)
        {
            return;
        }

        // Only the panels up to the last owned column are read, as rows or as columns.
        int w = TKernel.Width;
        int used = Math.Min(x.Cols, ((columnEnd + w - 1) / w) * w);
        float* block = buffers.BlockB.Ensure(GramPanels.Length(GramPanels.BlockSteps, used, w));
        for (int pc = 0; pc < n; pc += GramPanels.BlockSteps)
        {
            int kc = Math.Min(GramPanels.BlockSteps, n - pc);
            var panels = new GramPanels(block, kc, used, w);
            Pack(x, pc, kc, panels);
            Accumulate(panels, x.Cols, columnBegin, columnEnd, g, ldg, sign, buffers, start: pc == 0, flush: pc + kc >= n);
        }
    }

    /// <summary>
    /// Adds <c>XᵀX</c> of packed rows to this thread's single-precision slab for columns <c>[columnBegin, columnEnd)</c>,
    /// and with <paramref name="flush"/> adds <c>sign</c> times the slab to G's upper triangle. Calls between a
    /// <paramref name="start"/> and a <paramref name="flush"/> must own the same columns.
    /// </summary>
    /// <param name="x">The packed rows; their columns must reach <paramref name="columnEnd"/> (rounded up to a panel).</param>
    /// <param name="d">G's size.</param>
    /// <param name="columnBegin">First column of G this call owns.</param>
    /// <param name="columnEnd">End of the columns this call owns.</param>
    /// <param name="g">G's first element.</param>
    /// <param name="ldg">Distance between G's rows.</param>
    /// <param name="sign">+1 to add the rows, −1 to remove them.</param>
    /// <param name="buffers">This thread's buffers (the slab lives there between calls).</param>
    /// <param name="start">Start a new slab rather than add to the one in the buffers.</param>
    /// <param name="flush">Add the slab to G.</param>
    public static void Accumulate(in GramPanels x, int d, int columnBegin, int columnEnd, double* g, nint ldg, double sign, WorkspaceBuffers<float> buffers, bool start, bool flush)
    {
        int w = TKernel.Width;
        int firstPanel = columnBegin / w;
        int endPanel = (columnEnd + w - 1) / w;

        // Whole tiles only: the slab is padded to the tile grid, so no tile needs an edge copy.
        nint lds = PaddedStride.Of<float>((endPanel - firstPanel) * w);
        float* slab = buffers.Slab.Ensure(endPanel * w * lds);
        bool fresh = start;
        nint panelLength = (nint)GramPanels.BlockSteps * w;
        for (int pc = 0; pc < x.Rows; pc += GramPanels.BlockSteps)
        {
            int kc = Math.Min(GramPanels.BlockSteps, x.Rows - pc);
            float* block = x.At(pc, 0);
            for (int jq = firstPanel; jq < endPanel; jq++)
            {
                float* columns = block + (jq * panelLength);
                float* tile = slab + ((jq - firstPanel) * w);
                float* rows = block;
                for (int iq = 0; iq <= jq; iq++)
                {
                    TKernel.Run(kc, rows, columns, tile, lds, !fresh);
                    rows += panelLength;
                    tile += w * lds;
                }
            }

            fresh = false;
        }

        if (fresh)
        {
            // A slab started without rows holds their sum: zero.
            for (int i = 0; i < endPanel * w; i++)
            {
                new Span<float>(slab + (i * lds), (endPanel - firstPanel) * w).Clear();
            }
        }

        if (flush)
        {
            int rowEnd = Math.Min(d, columnEnd);
            for (int i = 0; i < rowEnd; i++)
            {
                int first = Math.Max(i, columnBegin);
                AddWidened(slab + (i * lds) + (first - (firstPanel * w)), g + (i * ldg) + first, columnEnd - first, sign);
            }
        }
    }

    /// <summary>Packs rows <c>[pc, pc + kc)</c> of <paramref name="x"/> into one block of <paramref name="target"/>, reading each row from start to end.</summary>
    private static void Pack(in MatrixView<float> x, int pc, int kc, in GramPanels target)
    {
        int w = TKernel.Width;
        int columns = target.Columns;
        int whole = columns / w;
        for (int p = 0; p < kc; p++)
        {
            float* row = x.Data + ((pc + p) * x.Stride);
            for (int q = 0; q < whole; q++)
            {
                PanelCopy.Copy(row + (q * w), target.At(p, q), w);
            }

            if (whole * w < columns)
            {
                float* last = target.At(p, whole);
                int present = columns - (whole * w);
                new ReadOnlySpan<float>(row + (whole * w), present).CopyTo(new Span<float>(last, present));
                new Span<float>(last + present, w - present).Clear();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWidened(float* source, double* target, int count, double sign)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            j = AddWidened<WideningWidth512, Vector512<double>>(source, target, count, sign, j);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            j = AddWidened<WideningWidth256, Vector256<double>>(source, target, count, sign, j);
        }

        for (; j < count; j++)
        {
            target[j] += sign * source[j];
        }
    }

    /// <summary>The vector part of <c>AddWidened</c> at one width, from <paramref name="j"/> on.</summary>
    /// <returns>Where the whole vectors ended.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddWidened<TWidth, TDouble>(float* source, double* target, int count, double sign, int j)
        where TWidth : struct, IWideningWidth<TDouble>
        where TDouble : struct
    {
        TDouble scale = TWidth.Create(sign);
        int half = TWidth.Count / 2;
        for (; j + TWidth.Count <= count; j += TWidth.Count)
        {
            (TDouble lower, TDouble upper) = TWidth.LoadWidened(source + j);
            TWidth.Store(TWidth.Add(TWidth.Load(target + j), TWidth.Multiply(lower, scale)), target + j);
            TWidth.Store(TWidth.Add(TWidth.Load(target + j + half), TWidth.Multiply(upper, scale)), target + j + half);
        }

        return j;
    }
}
