using System.Runtime.Intrinsics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// The Gram update <c>G += sign · XᵀX</c> on the upper triangle: single-precision products summed in
/// registers over one step block, then added to a double-precision G, so the precision of G does not
/// degrade with the number of rows. Only tiles that touch the upper triangle are computed.
/// </summary>
/// <typeparam name="TKernel">The single-precision micro-kernel.</typeparam>
internal static unsafe class SyrkKernel<TKernel>
    where TKernel : struct, IMicroKernel<float>
{
    /// <summary>Adds <c>sign · XᵀX</c> to columns <c>[columnBegin, columnEnd)</c> of G's upper triangle (rows <c>i ≤ j</c>).</summary>
    /// <param name="x">The rows (<c>n x d</c>).</param>
    /// <param name="columnBegin">First column of G this call owns.</param>
    /// <param name="columnEnd">End of the columns this call owns.</param>
    /// <param name="g">G's first element (<c>d x d</c>).</param>
    /// <param name="ldg">Distance between G's rows.</param>
    /// <param name="sign">+1 to add the rows, −1 to remove them.</param>
    /// <param name="buffers">This thread's buffers.</param>
    public static void AccumulateUpper(in MatrixView<float> x, int columnBegin, int columnEnd, double* g, nint ldg, double sign, WorkspaceBuffers<float> buffers)
    {
        int n = x.Rows;
        int d = x.Cols;
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        int blockSteps = GemmKernel<float, TKernel>.BlockSteps;
        int blockColumns = GemmKernel<float, TKernel>.BlockColumns;
        MatrixView<float> a = x.Transpose();
        float* block = buffers.BlockB.Ensure((long)blockSteps * GemmKernel<float, TKernel>.RoundUp(blockColumns, nr));
        float* panelA = buffers.PanelA.Ensure((long)blockSteps * mr);
        float* tile = buffers.Tile.Ensure((long)mr * nr);
        for (int jc = columnBegin; jc < columnEnd; jc += blockColumns)
        {
            int nc = Math.Min(blockColumns, columnEnd - jc);
            for (int pc = 0; pc < n; pc += blockSteps)
            {
                int kc = Math.Min(blockSteps, n - pc);
                Packing.PackB(block, x, pc, kc, jc, nc, nr);

                // Rows below the block's last column cannot reach the upper triangle.
                int rowEnd = Math.Min(d, jc + nc);
                for (int i0 = 0; i0 < rowEnd; i0 += mr)
                {
                    int rows = Math.Min(mr, d - i0);
                    Packing.PackA(panelA, a, i0, rows, pc, kc, mr);
                    int firstPanel = i0 <= jc ? 0 : (i0 - jc) / nr * nr;
                    for (int jp = firstPanel; jp < nc; jp += nr)
                    {
                        int cols = Math.Min(nr, nc - jp);
                        TKernel.Run(kc, panelA, block + ((nint)jp * kc), tile, nr, false);
                        AddUpper(tile, nr, i0, rows, jc + jp, cols, g, ldg, sign);
                    }
                }
            }
        }
    }

    private static void AddUpper(float* tile, int nr, int i0, int rows, int j0, int cols, double* g, nint ldg, double sign)
    {
        for (int r = 0; r < rows; r++)
        {
            int i = i0 + r;
            int skip = Math.Clamp(i - j0, 0, cols);
            AddWidened(tile + ((nint)r * nr) + skip, g + (i * ldg) + j0 + skip, cols - skip, sign);
        }
    }

    private static void AddWidened(float* source, double* target, int count, double sign)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> scale = Vector256.Create(sign);
            for (; j + Vector256<float>.Count <= count; j += Vector256<float>.Count)
            {
                (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(Vector256.Load(source + j));
                Vector256.Store(Vector256.Load(target + j) + (lower * scale), target + j);
                Vector256.Store(Vector256.Load(target + j + 4) + (upper * scale), target + j + 4);
            }
        }

        for (; j < count; j++)
        {
            target[j] += sign * source[j];
        }
    }
}
