using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace GroupReduce.Plugins.Cpu.Numerics;

/// <summary>
/// Orthonormalises the columns of a tall block: CholeskyQR2 (two passes of Gram, Cholesky, triangular
/// solve, all on the fast kernels), with Householder QR as the fallback when the block is too
/// ill-conditioned for Cholesky (e.g. a Gram of lower rank than the block).
/// </summary>
internal sealed unsafe class Orthonormalizer : IDisposable
{
    // A pivot below this fraction of the largest diagonal means cond(Q) beyond ~1e6: CholeskyQR2 would lose orthogonality.
    private const double PivotFloor = 1e-12;

    private readonly NativeBuffer<double> _gram = new();
    private readonly NativeBuffer<double> _inverse = new();
    private readonly NativeBuffer<double> _result = new();

    /// <summary>Replaces the <paramref name="rows"/> x <paramref name="cols"/> row-major block with an orthonormal basis of its span.</summary>
    /// <param name="gemm">Where the products run.</param>
    /// <param name="block">The block.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="cols">Columns (at most <paramref name="rows"/>).</param>
    /// <returns>The work done.</returns>
    public double Orthonormalize(WorkerGemm gemm, double* block, int rows, int cols)
    {
        double flops = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            if (!TryCholeskyPass(gemm, block, rows, cols, ref flops))
            {
                Householder(block, rows, cols);
                return flops + (4.0 * rows * cols * cols);
            }
        }

        return flops;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gram.Dispose();
        _inverse.Dispose();
        _result.Dispose();
    }

    private static void Householder(double* block, int rows, int cols)
    {
        var values = new double[(long)rows * cols];
        new ReadOnlySpan<double>(block, values.Length).CopyTo(values);
        Matrix<double> q = Matrix<double>.Build.DenseOfRowMajor(rows, cols, values).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                block[((long)i * cols) + j] = q[i, j];
            }
        }
    }

    private bool TryCholeskyPass(WorkerGemm gemm, double* block, int rows, int cols, ref double flops)
    {
        double* gram = _gram.Ensure((long)cols * cols);
        var q = new MatrixView<double>(block, rows, cols, cols);
        gemm.Multiply(q.Transpose(), q, gram, cols);
        flops += 2.0 * rows * cols * cols;

        // Upper Cholesky factor R (G = RᵀR) in place, reading the upper triangle only.
        double largest = 0;
        for (int i = 0; i < cols; i++)
        {
            largest = Math.Max(largest, gram[((long)i * cols) + i]);
        }

        if (!(largest > 0) || !double.IsFinite(largest))
        {
            return false;
        }

        for (int j = 0; j < cols; j++)
        {
            double* rowJ = gram + ((long)j * cols);
            double pivot = rowJ[j];
            for (int k = 0; k < j; k++)
            {
                double value = gram[((long)k * cols) + j];
                pivot -= value * value;
            }

            if (!(pivot > PivotFloor * largest))
            {
                return false;
            }

            double diagonal = Math.Sqrt(pivot);
            rowJ[j] = diagonal;
            for (int i = j + 1; i < cols; i++)
            {
                double sum = rowJ[i];
                for (int k = 0; k < j; k++)
                {
                    sum -= gram[((long)k * cols) + j] * gram[((long)k * cols) + i];
                }

                rowJ[i] = sum / diagonal;
            }
        }

        // R⁻¹, upper triangular, column by column (back substitution).
        double* inverse = _inverse.Ensure((long)cols * cols);
        new Span<double>(inverse, cols * cols).Clear();
        for (int j = 0; j < cols; j++)
        {
            inverse[((long)j * cols) + j] = 1.0 / gram[((long)j * cols) + j];
            for (int i = j - 1; i >= 0; i--)
            {
                double sum = 0;
                for (int k = i + 1; k <= j; k++)
                {
                    sum += gram[((long)i * cols) + k] * inverse[((long)k * cols) + j];
                }

                inverse[((long)i * cols) + j] = -sum / gram[((long)i * cols) + i];
            }
        }

        double* result = _result.Ensure((long)rows * cols);
        gemm.Multiply(q, new MatrixView<double>(inverse, cols, cols, cols), result, cols);
        new ReadOnlySpan<double>(result, rows * cols).CopyTo(new Span<double>(block, rows * cols));
        flops += (2.0 * rows * cols * cols) + (2.0 * cols * cols * cols / 3);
        return true;
    }
}
