namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// The top eigenpairs of a dense symmetric matrix in double precision by the LAPACK <c>dsyevd</c> route: Householder
/// tridiagonalisation, divide and conquer on the tridiagonal matrix (vectors only for the wanted pairs at the top
/// merge), and the blocked back-transformation. Everything runs on the calling thread except the GEMMs, which run
/// where the caller says (on one worker's buffers, so several instances can solve side by side, or on all workers);
/// that choice never changes the result. The instance holds only reusable buffers.
/// </summary>
internal sealed unsafe class SymmetricEigensolver : IDisposable
{
    private readonly HouseholderTridiagonalizer _tridiagonalizer = new();
    private readonly TridiagonalDivideAndConquer _tridiagonalSolver = new();
    private readonly HouseholderBackTransform _backTransform = new();
    private readonly NativeBuffer<double> _matrix = new();
    private readonly NativeBuffer<double> _diagonal = new();
    private readonly NativeBuffer<double> _offDiagonal = new();
    private readonly NativeBuffer<double> _tau = new();
    private readonly NativeBuffer<double> _tridiagonalVectors = new();
    private readonly NativeBuffer<double> _selected = new();
    private int[] _positions = [];

    /// <summary>A nominal operation count, for the statistics: tridiagonalisation, the top merges' GEMMs and the back-transformation.</summary>
    /// <param name="n">The matrix size.</param>
    /// <param name="count">The pairs wanted.</param>
    /// <returns>About <c>4/3 n³ + 2 n² count + n² count</c>.</returns>
    public static double NominalFlops(int n, int count) => (4.0 / 3 * n * (double)n * n) + (3.0 * n * (double)n * count);

    /// <summary>
    /// The <paramref name="count"/> largest eigenvalues (descending; ties in a fixed order) and orthonormal eigenvectors
    /// of the symmetric matrix, of which only the upper triangle is read.
    /// </summary>
    /// <typeparam name="TGemm">Where the GEMMs run: a struct, so each caller gets its own specialised code.</typeparam>
    /// <param name="gemm">Where the GEMMs run.</param>
    /// <param name="matrix">The <c>n x n</c> row-major matrix (not modified).</param>
    /// <param name="n">Its size.</param>
    /// <param name="count">How many pairs, 1 to <paramref name="n"/>.</param>
    /// <param name="values">Receives the <paramref name="count"/> eigenvalues.</param>
    /// <param name="vectors">Receives the eigenvectors as columns of an <c>n x count</c> row-major matrix.</param>
    /// <param name="cancellationToken">Stops the work between steps.</param>
    /// <exception cref="ArithmeticException">The matrix is not finite, or an iteration failed.</exception>
    public void Solve<TGemm>(TGemm gemm, double* matrix, int n, int count, Span<double> values, double* vectors, CancellationToken cancellationToken = default)
        where TGemm : IDoubleGemm
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, n);
        if (values.Length < count)
        {
            throw new ArgumentException($"values needs {count} entries, got {values.Length}", nameof(values));
        }

        long size = (long)n * n;
        double* a = _matrix.Ensure(size);
        double largest = 0;
        for (int i = 0; i < n; i++)
        {
            double* source = matrix + ((long)i * n);
            double* target = a + ((long)i * n);
            for (int j = i; j < n; j++)
            {
                double value = source[j];
                target[j] = value;
                largest = Math.Max(largest, Math.Abs(value));
            }
        }

        if (!double.IsFinite(largest))
        {
            throw new ArithmeticException("the matrix holds non-finite values");
        }

        // An exact power-of-two scale to unit size keeps every intermediate far from overflow and underflow.
        int exponent = largest > 0 ? Math.ILogB(largest) : 0;
        double down = Math.ScaleB(1.0, -exponent);
        if (exponent != 0)
        {
            for (int i = 0; i < n; i++)
            {
                double* row = a + ((long)i * n);
                for (int j = i; j < n; j++)
                {
                    row[j] *= down;
                }
            }
        }

        double* diagonal = _diagonal.Ensure(n);
        double* offDiagonal = _offDiagonal.Ensure(n);
        double* tau = _tau.Ensure(n);
        _tridiagonalizer.Reduce(a, n, diagonal, offDiagonal, tau, cancellationToken);

        double* tridiagonalVectors = _tridiagonalVectors.Ensure(size);
        new Span<double>(tridiagonalVectors, (int)size).Clear();
        _tridiagonalSolver.Solve(gemm, diagonal, offDiagonal, n, tridiagonalVectors, count, cancellationToken);

        // The largest first; among equal values the higher position, which is the one the solver kept a vector for.
        if (_positions.Length < n)
        {
            _positions = new int[n];
        }

        for (int i = 0; i < n; i++)
        {
            _positions[i] = i;
        }

        double* eigenvalues = diagonal;
        Array.Sort(_positions, 0, n, Comparer<int>.Create((x, y) =>
        {
            int byValue = eigenvalues[y].CompareTo(eigenvalues[x]);
            return byValue != 0 ? byValue : y.CompareTo(x);
        }));

        double* selected = _selected.Ensure((long)count * n);
        double up = Math.ScaleB(1.0, exponent);
        for (int j = 0; j < count; j++)
        {
            int position = _positions[j];
            values[j] = eigenvalues[position] * up;
            new ReadOnlySpan<double>(tridiagonalVectors + ((long)position * n), n).CopyTo(new Span<double>(selected + ((long)j * n), n));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _backTransform.Apply(gemm, a, tau, n, selected, count);
        for (int i = 0; i < n; i++)
        {
            double* target = vectors + ((long)i * count);
            for (int j = 0; j < count; j++)
            {
                target[j] = selected[((long)j * n) + i];
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _tridiagonalizer.Dispose();
        _tridiagonalSolver.Dispose();
        _backTransform.Dispose();
        _matrix.Dispose();
        _diagonal.Dispose();
        _offDiagonal.Dispose();
        _tau.Dispose();
        _tridiagonalVectors.Dispose();
        _selected.Dispose();
    }
}
