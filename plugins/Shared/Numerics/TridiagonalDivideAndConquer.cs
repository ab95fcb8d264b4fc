namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// Eigenpairs of a symmetric tridiagonal matrix by Cuppen's divide and conquer (LAPACK's <c>dstedc</c>): the matrix is
/// split where an off-diagonal entry is negligible, each unreduced block is scaled to unit size, cut in halves
/// recursively down to <see cref="LeafSize"/> (solved by <see cref="TridiagonalQl"/>) and glued back by
/// <see cref="RankOneMerge"/>. Only each block's top merge is limited to the vectors the caller wants.
/// </summary>
internal sealed unsafe class TridiagonalDivideAndConquer : IDisposable
{
    /// <summary>Blocks up to this size are solved directly by QL.</summary>
    public const int LeafSize = 32;

    private const double Epsilon = 1.1102230246251565e-16;

    private readonly RankOneMerge _merge = new();
    private readonly NativeBuffer<double> _scratch = new();

    /// <summary>
    /// All eigenvalues of T and the eigenvectors of at least the <paramref name="wanted"/> largest. Afterwards
    /// position <c>p</c> holds an eigenvalue in <paramref name="diagonal"/> and, if it is among the
    /// <paramref name="wanted"/> largest (ties going to the higher position), its vector in row <c>p</c> of
    /// <paramref name="vectors"/>. Within each unreduced block values ascend with the position.
    /// </summary>
    /// <typeparam name="TGemm">Where the GEMMs run: a struct, so each caller gets its own specialised code.</typeparam>
    /// <param name="gemm">Where the GEMMs run.</param>
    /// <param name="diagonal">T's <paramref name="n"/> diagonal entries; receives the eigenvalues.</param>
    /// <param name="offDiagonal">T's <c>n − 1</c> off-diagonal entries (destroyed).</param>
    /// <param name="n">The size.</param>
    /// <param name="vectors">An <c>n x n</c> row-major buffer, all zero on entry; receives the vectors as rows.</param>
    /// <param name="wanted">How many of the largest eigenpairs need vectors.</param>
    /// <param name="cancellationToken">Stops the work between merges.</param>
    public void Solve<TGemm>(TGemm gemm, double* diagonal, double* offDiagonal, int n, double* vectors, int wanted, CancellationToken cancellationToken)
        where TGemm : IDoubleGemm
    {
        int start = 0;
        while (start < n)
        {
            int end = start;
            while (end < n - 1 && !Negligible(diagonal, offDiagonal, end))
            {
                end++;
            }

            int size = end - start + 1;
            SolveBlock(gemm, diagonal + start, offDiagonal + start, size, vectors + ((long)start * n) + start, n, Math.Min(wanted, size), cancellationToken);
            start = end + 1;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _merge.Dispose();
        _scratch.Dispose();
    }

    private static bool Negligible(double* diagonal, double* offDiagonal, int m) =>
        Math.Abs(offDiagonal[m]) <= Epsilon * Math.Sqrt(Math.Abs(diagonal[m])) * Math.Sqrt(Math.Abs(diagonal[m + 1]));

    private void SolveBlock<TGemm>(TGemm gemm, double* diagonal, double* offDiagonal, int n, double* vectors, nint stride, int wanted, CancellationToken cancellationToken)
        where TGemm : IDoubleGemm
    {
        double largest = 0;
        for (int i = 0; i < n; i++)
        {
            largest = Math.Max(largest, Math.Abs(diagonal[i]));
            if (i < n - 1)
            {
                largest = Math.Max(largest, Math.Abs(offDiagonal[i]));
            }
        }

        if (largest == 0 || n == 1)
        {
            for (int i = 0; i < n; i++)
            {
                vectors[(i * stride) + i] = 1;
            }

            return;
        }

        // A power-of-two scale is exact, so it changes no rounding; it only keeps the secular equation's terms in range.
        int exponent = Math.ILogB(largest);
        double down = Math.ScaleB(1.0, -exponent);
        for (int i = 0; i < n; i++)
        {
            diagonal[i] *= down;
            if (i < n - 1)
            {
                offDiagonal[i] *= down;
            }
        }

        Divide(gemm, diagonal, offDiagonal, n, vectors, stride, wanted, cancellationToken);
        double up = Math.ScaleB(1.0, exponent);
        for (int i = 0; i < n; i++)
        {
            diagonal[i] *= up;
        }
    }

    private void Divide<TGemm>(TGemm gemm, double* diagonal, double* offDiagonal, int n, double* vectors, nint stride, int wanted, CancellationToken cancellationToken)
        where TGemm : IDoubleGemm
    {
        if (n <= LeafSize)
        {
            double* scratch = _scratch.Ensure(n);
            new ReadOnlySpan<double>(offDiagonal, n - 1).CopyTo(new Span<double>(scratch, n - 1));
            TridiagonalQl.Solve(diagonal, scratch, n, vectors, stride);
            return;
        }

        // T = diag(T₁ − |β| e_last e_lastᵀ, T₂ − |β| e₀ e₀ᵀ) + |β| u uᵀ with u = e_last + sign(β) e₀.
        int split = n / 2;
        double coupling = offDiagonal[split - 1];
        diagonal[split - 1] -= Math.Abs(coupling);
        diagonal[split] -= Math.Abs(coupling);
        Divide(gemm, diagonal, offDiagonal, split, vectors, stride, split, cancellationToken);
        Divide(gemm, diagonal + split, offDiagonal + split, n - split, vectors + (split * stride) + split, stride, n - split, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        _merge.Merge(gemm, diagonal, vectors, stride, n, split, coupling, wanted);
    }
}
