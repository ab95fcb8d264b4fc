namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// Applies the reflectors left by <see cref="HouseholderTridiagonalizer"/> to eigenvectors of T, turning them into
/// eigenvectors of A. Reflectors are grouped in blocks of <see cref="BlockSize"/> in compact WY form
/// (<c>H_j ⋯ H_{j+b−1} = I − V S Vᵀ</c>, LAPACK's <c>dlarft</c>), so almost all the work is two GEMMs per block.
/// </summary>
internal sealed unsafe class HouseholderBackTransform : IDisposable
{
    /// <summary>Reflectors per block.</summary>
    public const int BlockSize = 48;

    private readonly NativeBuffer<double> _reflectors = new();
    private readonly NativeBuffer<double> _gram = new();
    private readonly NativeBuffer<double> _factor = new();
    private readonly NativeBuffer<double> _projection = new();
    private readonly NativeBuffer<double> _scaled = new();

    /// <summary>Computes <c>Xᵀ ← Xᵀ Qᵀ</c>: each row of <paramref name="rows"/> (an eigenvector of T) becomes <c>Q x</c>.</summary>
    /// <typeparam name="TGemm">Where the GEMMs run: a struct, so each caller gets its own specialised code.</typeparam>
    /// <param name="gemm">Where the GEMMs run.</param>
    /// <param name="a">The reduced matrix holding the reflectors (<c>n x n</c>, row-major).</param>
    /// <param name="tau">The <c>n − 1</c> reflector scales.</param>
    /// <param name="n">The matrix size.</param>
    /// <param name="rows">The vectors, one per row (<c>count x n</c>, row-major).</param>
    /// <param name="count">How many vectors.</param>
    public void Apply<TGemm>(TGemm gemm, double* a, double* tau, int n, double* rows, int count)
        where TGemm : IDoubleGemm
    {
        int reflectors = n - 2;
        if (reflectors < 1 || count < 1)
        {
            return;
        }

        int lastStart = (reflectors - 1) / BlockSize * BlockSize;
        for (int start = lastStart; start >= 0; start -= BlockSize)
        {
            int b = Math.Min(BlockSize, reflectors - start);
            ApplyBlock(gemm, a, tau, n, start, b, rows, count);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reflectors.Dispose();
        _gram.Dispose();
        _factor.Dispose();
        _projection.Dispose();
        _scaled.Dispose();
    }

    private void ApplyBlock<TGemm>(TGemm gemm, double* a, double* tau, int n, int start, int b, double* rows, int count)
        where TGemm : IDoubleGemm
    {
        // Reflector start + c acts on coordinates start + 1 + c ..; stored as row c of Vᵀ (b x m) with explicit zeros.
        int offset = start + 1;
        int m = n - offset;
        double* vt = _reflectors.Ensure((long)b * m);
        for (int c = 0; c < b; c++)
        {
            double* target = vt + ((long)c * m);
            new Span<double>(target, c).Clear();
            double* source = a + ((long)(start + c) * n) + offset + c;
            new ReadOnlySpan<double>(source, m - c).CopyTo(new Span<double>(target + c, m - c));
        }

        // S (b x b, upper triangular): S_cc = τ_c, S[0:c, c] = −τ_c S[0:c, 0:c] (Vᵀ v_c).
        double* gram = _gram.Ensure((long)b * b);
        var vtView = new MatrixView<double>(vt, b, m, m);
        gemm.Multiply(vtView, vtView.Transpose(), gram, b);
        double* factor = _factor.Ensure((long)b * b);
        new Span<double>(factor, b * b).Clear();
        for (int c = 0; c < b; c++)
        {
            double t = tau[start + c];
            factor[((long)c * b) + c] = t;
            for (int r = 0; r < c; r++)
            {
                double sum = 0;
                for (int q = r; q < c; q++)
                {
                    sum += factor[((long)r * b) + q] * gram[((long)q * b) + c];
                }

                factor[((long)r * b) + c] = -t * sum;
            }
        }

        // Xᵀ (I − V S Vᵀ)ᵀ = Xᵀ − (Xᵀ V) Sᵀ Vᵀ, the sign folded into the small product so the last GEMM accumulates.
        double* projection = _projection.Ensure((long)count * b);
        double* scaled = _scaled.Ensure((long)count * b);
        var xView = new MatrixView<double>(rows + offset, count, m, n);
        gemm.Multiply(xView, vtView.Transpose(), projection, b);
        for (long i = 0; i < (long)b * b; i++)
        {
            factor[i] = -factor[i];
        }

        gemm.Multiply(new MatrixView<double>(projection, count, b, b), new MatrixView<double>(factor, b, b, b).Transpose(), scaled, b);
        gemm.Multiply(new MatrixView<double>(scaled, count, b, b), vtView, rows + offset, n, accumulate: true);
    }
}
