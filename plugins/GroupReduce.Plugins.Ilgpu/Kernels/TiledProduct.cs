using ILGPU;

namespace GroupReduce.Plugins.Ilgpu.Kernels;

/// <summary>
/// A shared-memory tiled single-precision product for any ILGPU accelerator (ILGPU has no portable GEMM). A group of
/// <c>Side x Side</c> threads computes a <c>4·Side</c> square tile of C; each thread keeps a 4 x 4 block of outputs in
/// registers and steps through the inner dimension <see cref="Depth"/> values at a time through shared memory. A thread's
/// outputs are <c>Side</c> apart (not adjacent), so the shared reads of a warp hit distinct banks or broadcast.
/// </summary>
internal static class TiledProduct
{
    /// <summary>Inner indices staged in shared memory per step.</summary>
    public const int Depth = 16;

    /// <summary>The largest tile (Side 16 · 4 outputs per thread).</summary>
    public const int MaxTile = 64;

    // One float of padding per staged row: the transposing store of A then spreads over all banks.
    private const int Stride = MaxTile + 1;

    /// <summary>The kernel: grid (tiles along N, tiles along M, splits of K), group (Side, Side).</summary>
    /// <param name="a">The stored A.</param>
    /// <param name="b">B.</param>
    /// <param name="c">C (or the partial products of the splits).</param>
    /// <param name="shape">The shape.</param>
    public static void Kernel(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ProductShape shape)
    {
        ArrayView<float> sharedA = SharedMemory.Allocate<float>(Depth * Stride);
        ArrayView<float> sharedB = SharedMemory.Allocate<float>(Depth * Stride);

        // Locals, not repeated field reads: ILGPU's CPU accelerator is many times faster this way, and GPUs do not mind.
        int m = shape.M;
        int n = shape.N;
        int lda = shape.Lda;
        int ldb = shape.Ldb;
        int ldc = shape.Ldc;
        int side = shape.Side;
        int tile = 4 * side;
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int row0 = Grid.IdxY * tile;
        int col0 = Grid.IdxX * tile;
        int kBegin = Grid.IdxZ * shape.KPerSplit;
        int kEnd = kBegin + shape.KPerSplit < shape.K ? kBegin + shape.KPerSplit : shape.K;
        bool transposeA = shape.TransposeA != 0;

        // The whole group leaves together, before any barrier.
        if (shape.UpperOnly != 0 && col0 + tile <= row0)
        {
            return;
        }

        int threads = side * side;
        int self = (ty * side) + tx;
        int staged = Depth * tile;
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int k0 = kBegin; k0 < kEnd; k0 += Depth)
        {
            for (int e = self; e < staged; e += threads)
            {
                // Consecutive threads read consecutive addresses of whichever layout A has.
                int kk;
                int mm;
                if (transposeA)
                {
                    kk = e / tile;
                    mm = e - (kk * tile);
                }
                else
                {
                    mm = e / Depth;
                    kk = e - (mm * Depth);
                }

                int gk = k0 + kk;
                int gm = row0 + mm;
                float value = 0;
                if (gk < kEnd && gm < m)
                {
                    value = transposeA ? a[(gk * lda) + gm] : a[(gm * lda) + gk];
                }

                sharedA[(kk * Stride) + mm] = value;
            }

            for (int e = self; e < staged; e += threads)
            {
                int kk = e / tile;
                int nn = e - (kk * tile);
                int gk = k0 + kk;
                int gn = col0 + nn;
                sharedB[(kk * Stride) + nn] = gk < kEnd && gn < n ? b[(gk * ldb) + gn] : 0;
            }

            Group.Barrier();
            for (int kk = 0; kk < Depth; kk++)
            {
                int at = kk * Stride;
                float a0 = sharedA[at + ty];
                float a1 = sharedA[at + ty + side];
                float a2 = sharedA[at + ty + (2 * side)];
                float a3 = sharedA[at + ty + (3 * side)];
                float b0 = sharedB[at + tx];
                float b1 = sharedB[at + tx + side];
                float b2 = sharedB[at + tx + (2 * side)];
                float b3 = sharedB[at + tx + (3 * side)];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c02 += a0 * b2;
                c03 += a0 * b3;
                c10 += a1 * b0;
                c11 += a1 * b1;
                c12 += a1 * b2;
                c13 += a1 * b3;
                c20 += a2 * b0;
                c21 += a2 * b1;
                c22 += a2 * b2;
                c23 += a2 * b3;
                c30 += a3 * b0;
                c31 += a3 * b1;
                c32 += a3 * b2;
                c33 += a3 * b3;
            }

            Group.Barrier();
        }

        int offset = Grid.IdxZ * shape.SplitStride;
        Store(c, offset, ldc, m, n, row0 + ty, col0 + tx, side, c00, c01, c02, c03);
        Store(c, offset, ldc, m, n, row0 + ty + side, col0 + tx, side, c10, c11, c12, c13);
        Store(c, offset, ldc, m, n, row0 + ty + (2 * side), col0 + tx, side, c20, c21, c22, c23);
        Store(c, offset, ldc, m, n, row0 + ty + (3 * side), col0 + tx, side, c30, c31, c32, c33);
    }

    private static void Store(ArrayView<float> c, int offset, int ldc, int m, int n, int row, int col, int side, float v0, float v1, float v2, float v3)
    {
        if (row >= m)
        {
            return;
        }

        int at = offset + (row * ldc);
        if (col < n)
        {
            c[at + col] = v0;
        }

        if (col + side < n)
        {
            c[at + col + side] = v1;
        }

        if (col + (2 * side) < n)
        {
            c[at + col + (2 * side)] = v2;
        }

        if (col + (3 * side) < n)
        {
            c[at + col + (3 * side)] = v3;
        }
    }
}
