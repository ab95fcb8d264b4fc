using System.Runtime.Intrinsics;

namespace GroupReduce.Trainer.Numerics;

/// <summary>
/// Dense row-major matrix products <c>C = [C +] op(A) · B</c> for the trainer, blocked for the caches and
/// spread over threads. Every element of C is owned by exactly one task and sums its k terms in one fixed
/// order (k blocks ascending, k ascending inside a block), so the result does not depend on the number of
/// threads or on scheduling: training is reproducible bit for bit on a given machine.
/// </summary>
public static class Gemm
{
    private const int RowTile = 4;
    private const int ColumnTile = 16;
    private const int RowBlock = 32;
    private const int ColumnBlock = 128;
    private const int DepthBlock = 256;

    /// <summary>Computes <c>C[m×n] = (accumulate ? C : 0) + op(A)[m×k] · B[k×n]</c>.</summary>
    /// <param name="aTransposed">
    /// <see langword="false"/>: A is stored as m rows of <paramref name="lda"/> (element (i,p) at <c>a[i·lda + p]</c>);
    /// <see langword="true"/>: A is stored transposed, k rows of <paramref name="lda"/> (element (i,p) at <c>a[p·lda + i]</c>).
    /// </param>
    public static void Multiply(
        int m, int n, int k,
        float[] a, int lda, bool aTransposed,
        float[] b, int ldb,
        float[] c, int ldc,
        bool accumulate,
        ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (m == 0 || n == 0)
        {
            return;
        }

        long aNeeded = aTransposed ? (long)(k - 1) * lda + m : (long)(m - 1) * lda + k;
        if (k > 0 && a.Length < aNeeded || k > 0 && b.Length < (long)(k - 1) * ldb + n || c.Length < (long)(m - 1) * ldc + n)
        {
            throw new ArgumentException("A matrix is shorter than its shape and leading dimension say.");
        }

        int rowBlocks = (m + RowBlock - 1) / RowBlock;
        int columnBlocks = (n + ColumnBlock - 1) / ColumnBlock;
        var shape = new Shape(m, n, k, lda, aTransposed, ldb, ldc, accumulate);
        if (rowBlocks * columnBlocks == 1 || parallel.MaxDegreeOfParallelism == 1)
        {
            for (int task = 0; task < rowBlocks * columnBlocks; task++)
            {
                RunTask(task, columnBlocks, shape, a, b, c);
            }

            return;
        }

        Parallel.For(0, rowBlocks * columnBlocks, parallel, task => RunTask(task, columnBlocks, shape, a, b, c));
    }

    private static unsafe void RunTask(int task, int columnBlocks, Shape s, float[] a, float[] b, float[] c)
    {
        int rowStart = task / columnBlocks * RowBlock;
        int rowEnd = Math.Min(rowStart + RowBlock, s.M);
        int columnStart = task % columnBlocks * ColumnBlock;
        int columnEnd = Math.Min(columnStart + ColumnBlock, s.N);
        nint rowStride = s.ATransposed ? 1 : s.Lda;
        nint depthStride = s.ATransposed ? s.Lda : 1;
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (s.K == 0)
            {
                if (!s.Accumulate)
                {
                    for (int i = rowStart; i < rowEnd; i++)
                    {
                        new Span<float>(pc + (nint)i * s.Ldc + columnStart, columnEnd - columnStart).Clear();
                    }
                }

                return;
            }

            for (int depthStart = 0; depthStart < s.K; depthStart += DepthBlock)
            {
                int depthEnd = Math.Min(depthStart + DepthBlock, s.K);
                bool load = s.Accumulate || depthStart > 0;
                int i = rowStart;
                for (; i + RowTile <= rowEnd; i += RowTile)
                {
                    int j = columnStart;
                    for (; j + ColumnTile <= columnEnd; j += ColumnTile)
                    {
                        Tile4x16(pa + i * rowStride, rowStride, depthStride, pb + j, s.Ldb, pc + (nint)i * s.Ldc + j, s.Ldc, depthStart, depthEnd, load);
                    }

                    for (int r = 0; r < RowTile; r++)
                    {
                        Scalar(pa + (i + r) * rowStride, depthStride, pb, s.Ldb, pc + (nint)(i + r) * s.Ldc, j, columnEnd, depthStart, depthEnd, load);
                    }
                }

                for (; i < rowEnd; i++)
                {
                    int j = columnStart;
                    for (; j + ColumnTile <= columnEnd; j += ColumnTile)
                    {
                        Tile1x16(pa + i * rowStride, depthStride, pb + j, s.Ldb, pc + (nint)i * s.Ldc + j, depthStart, depthEnd, load);
                    }

                    Scalar(pa + i * rowStride, depthStride, pb, s.Ldb, pc + (nint)i * s.Ldc, j, columnEnd, depthStart, depthEnd, load);
                }
            }
        }
    }

    // Four rows of C by sixteen columns: eight accumulators, four broadcasts and two loads per depth step.
    private static unsafe void Tile4x16(float* a, nint rowStride, nint depthStride, float* b, nint ldb, float* c, nint ldc, int depthStart, int depthEnd, bool load)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (load)
        {
            c00 = Vector256.Load(c); c01 = Vector256.Load(c + 8);
            c10 = Vector256.Load(c + ldc); c11 = Vector256.Load(c + ldc + 8);
            c20 = Vector256.Load(c + 2 * ldc); c21 = Vector256.Load(c + 2 * ldc + 8);
            c30 = Vector256.Load(c + 3 * ldc); c31 = Vector256.Load(c + 3 * ldc + 8);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<float>.Zero;
        }

        float* a0 = a + depthStart * depthStride;
        float* bk = b + depthStart * ldb;
        for (int p = depthStart; p < depthEnd; p++, a0 += depthStride, bk += ldb)
        {
            Vector256<float> b0 = Vector256.Load(bk);
            Vector256<float> b1 = Vector256.Load(bk + 8);
            Vector256<float> x = Vector256.Create(a0[0]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a0[rowStride]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a0[2 * rowStride]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a0[3 * rowStride]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
        }

        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
    }

    private static unsafe void Tile1x16(float* a, nint depthStride, float* b, nint ldb, float* c, int depthStart, int depthEnd, bool load)
    {
        Vector256<float> c0 = load ? Vector256.Load(c) : Vector256<float>.Zero;
        Vector256<float> c1 = load ? Vector256.Load(c + 8) : Vector256<float>.Zero;
        for (int p = depthStart; p < depthEnd; p++)
        {
            Vector256<float> x = Vector256.Create(a[p * depthStride]);
            c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + p * ldb), c0);
            c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + p * ldb + 8), c1);
        }

        c0.Store(c);
        c1.Store(c + 8);
    }

    // Columns left over after the sixteen-wide tiles; MathF.FusedMultiplyAdd keeps their rounding like the vector lanes'.
    private static unsafe void Scalar(float* a, nint depthStride, float* b, nint ldb, float* cRow, int columnStart, int columnEnd, int depthStart, int depthEnd, bool load)
    {
        for (int j = columnStart; j < columnEnd; j++)
        {
            float sum = load ? cRow[j] : 0f;
            for (int p = depthStart; p < depthEnd; p++)
            {
                sum = MathF.FusedMultiplyAdd(a[p * depthStride], b[p * ldb + j], sum);
            }

            cRow[j] = sum;
        }
    }

    private readonly record struct Shape(int M, int N, int K, int Lda, bool ATransposed, int Ldb, int Ldc, bool Accumulate);
}
