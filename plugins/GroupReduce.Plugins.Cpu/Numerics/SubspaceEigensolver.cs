using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Numerics;

/// <summary>
/// Block subspace iteration with Rayleigh–Ritz for the top eigenpairs of a symmetric positive semidefinite
/// matrix: <c>Z = G Q</c>, Ritz pairs from <c>Qᵀ Z</c>, next block <c>orth(G X)</c>. Warm-started from the
/// previous Ritz block of the same group, so refinement (few rows moving) converges in a few iterations.
/// All products run on the double-precision kernels; the small Ritz problem uses the dense symmetric solver.
/// </summary>
internal sealed unsafe class SubspaceEigensolver : IDisposable
{
    private readonly Orthonormalizer _orthonormalizer = new();
    private readonly SymmetricEigensolver _ritzSolver = new();
    private readonly NativeBuffer<double> _q = new();
    private readonly NativeBuffer<double> _z = new();
    private readonly NativeBuffer<double> _x = new();
    private readonly NativeBuffer<double> _y = new();
    private readonly NativeBuffer<double> _h = new();
    private readonly NativeBuffer<double> _s = new();
    private double[] _theta = [];

    /// <summary>The block width used for rank <paramref name="rank"/>: the rank plus an oversampling that speeds convergence.</summary>
    /// <param name="d">The matrix size.</param>
    /// <param name="rank">The wanted rank.</param>
    /// <returns>The block width.</returns>
    public static int BlockWidth(int d, int rank) => Math.Min(d, rank + Math.Max(8, rank / 4));

    /// <summary>Runs the iteration.</summary>
    /// <param name="gemm">Where the products run.</param>
    /// <param name="g">The full symmetric matrix (<c>d x d</c>, row-major).</param>
    /// <param name="d">Its size.</param>
    /// <param name="rank">The wanted pairs.</param>
    /// <param name="warmStart">A previous Ritz block (<c>d x warmColumns</c>, row-major), or empty.</param>
    /// <param name="warmColumns">Its columns.</param>
    /// <param name="seed">Seed for the random part of the start block.</param>
    /// <param name="tolerance">Residual tolerance relative to the largest eigenvalue.</param>
    /// <param name="maxIterations">Iteration limit.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <param name="spentFlops">The work done, converged or not.</param>
    /// <returns>The result, or <see langword="null"/> when it did not converge within the limit.</returns>
    public EigenResult? Solve(WorkerGemm gemm, double* g, int d, int rank, ReadOnlySpan<double> warmStart, int warmColumns, ulong seed, double tolerance, int maxIterations, CancellationToken cancellationToken, out double spentFlops)
    {
        int b = BlockWidth(d, rank);
        long size = (long)d * b;
        double* q = _q.Ensure(size);
        double* z = _z.Ensure(size);
        double* x = _x.Ensure(size);
        double* y = _y.Ensure(size);
        double* h = _h.Ensure((long)b * b);
        double* s = _s.Ensure((long)b * b);

        int reused = warmStart.IsEmpty ? 0 : Math.Min(warmColumns, b);
        var random = new SplitMix64(seed);
        for (int i = 0; i < d; i++)
        {
            double* row = q + ((long)i * b);
            for (int j = 0; j < reused; j++)
            {
                row[j] = warmStart[(i * warmColumns) + j];
            }

            for (int j = reused; j < b; j++)
            {
                row[j] = random.NextSigned();
            }
        }

        double flops = _orthonormalizer.Orthonormalize(gemm, q, d, b);
        var gView = new MatrixView<double>(g, d, d, d);
        var qView = new MatrixView<double>(q, d, b, b);

        // The dense Ritz problem costs more than a product with G, so after each unconverged Ritz step
        // the next one waits for 1, 2, 4, then 8 plain steps Q = orth(G Q). A warm start still gets its
        // Ritz step after the first product.
        int plainSteps = 0;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            for (int step = 0; step < plainSteps && iteration < maxIterations - 1; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                gemm.Multiply(gView, qView, z, b);
                new ReadOnlySpan<double>(z, (int)size).CopyTo(new Span<double>(q, (int)size));
                flops += (2.0 * d * d * b) + _orthonormalizer.Orthonormalize(gemm, q, d, b);
                iteration++;
            }

            cancellationToken.ThrowIfCancellationRequested();
            iteration++;
            gemm.Multiply(gView, qView, z, b);
            gemm.Multiply(qView.Transpose(), new MatrixView<double>(z, d, b, b), h, b);
            for (int i = 0; i < b; i++)
            {
                for (int j = i + 1; j < b; j++)
                {
                    double mean = 0.5 * (h[((long)i * b) + j] + h[((long)j * b) + i]);
                    h[((long)i * b) + j] = mean;
                    h[((long)j * b) + i] = mean;
                }
            }

            if (_theta.Length < b)
            {
                _theta = new double[b];
            }

            double[] theta = _theta;
            _ritzSolver.Solve(gemm, h, b, b, theta, s, cancellationToken);
            var sView = new MatrixView<double>(s, b, b, b);
            gemm.Multiply(qView, sView, x, b);
            gemm.Multiply(new MatrixView<double>(z, d, b, b), sView, y, b);
            flops += (2.0 * d * d * b) + (6.0 * d * b * b) + SymmetricEigensolver.NominalFlops(b, b);

            double scale = Math.Max(Math.Abs(theta[0]), double.Epsilon);
            double captured = 0;
            double deficit = 0;
            bool converged = true;
            for (int j = 0; j < rank; j++)
            {
                double residual = 0;
                for (int i = 0; i < d; i++)
                {
                    double difference = y[((long)i * b) + j] - (theta[j] * x[((long)i * b) + j]);
                    residual += difference * difference;
                }

                converged &= Math.Sqrt(residual) <= tolerance * scale;
                captured += theta[j];

                // A Ritz value's error is about ‖r‖² / gap, the gap being to the spectrum outside the block,
                // whose largest value the block's last Ritz value bounds from above.
                double gap = theta[j] - theta[b - 1];
                deficit += gap > 0 ? residual / gap : double.PositiveInfinity;
            }

            // What GroupReduce needs is the subspace that captures the most weighted energy, not every
            // eigenvector of a near-degenerate cluster to full accuracy: stop once the energy the block
            // may still be missing is within the tolerance, even if individual vectors are still rotating.
            converged |= b > rank && deficit <= tolerance * captured;

            if (converged || theta[0] == 0)
            {
                var values = new double[rank];
                var vectors = new double[(long)d * rank];
                var block = new double[size];
                new ReadOnlySpan<double>(x, (int)size).CopyTo(block);
                for (int j = 0; j < rank; j++)
                {
                    values[j] = theta[j];
                }

                for (int i = 0; i < d; i++)
                {
                    new ReadOnlySpan<double>(x + ((long)i * b), rank).CopyTo(vectors.AsSpan(i * rank, rank));
                }

                spentFlops = flops;
                return new EigenResult(values, vectors, block, b, flops, iteration, false);
            }

            // The next block spans G·X; the Ritz rotation keeps the wanted directions first.
            new ReadOnlySpan<double>(y, (int)size).CopyTo(new Span<double>(q, (int)size));
            flops += _orthonormalizer.Orthonormalize(gemm, q, d, b);
            plainSteps = Math.Min(Math.Max(1, plainSteps * 2), 8);
        }

        spentFlops = flops;
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _orthonormalizer.Dispose();
        _ritzSolver.Dispose();
        _q.Dispose();
        _z.Dispose();
        _x.Dispose();
        _y.Dispose();
        _h.Dispose();
        _s.Dispose();
    }
}
