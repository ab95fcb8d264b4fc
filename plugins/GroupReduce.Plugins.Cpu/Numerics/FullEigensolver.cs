using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace GroupReduce.Plugins.Cpu.Numerics;

/// <summary>The full symmetric eigendecomposition (MathNet, double precision), for small matrices and large ranks.</summary>
internal static unsafe class FullEigensolver
{
    /// <summary>The top <paramref name="rank"/> eigenpairs of the symmetric <paramref name="d"/> x <paramref name="d"/> matrix.</summary>
    /// <param name="matrix">The full symmetric matrix, row-major.</param>
    /// <param name="d">Its size.</param>
    /// <param name="rank">How many pairs.</param>
    /// <returns>Values descending and vectors (<c>d x rank</c>, row-major).</returns>
    public static (double[] Values, double[] Vectors) Solve(double* matrix, int d, int rank)
    {
        // The matrix is symmetric, so its row-major storage is also its column-major storage.
        var values = new double[(long)d * d];
        new ReadOnlySpan<double>(matrix, values.Length).CopyTo(values);
        var dense = DenseMatrix.OfColumnMajor(d, d, values);
        var evd = dense.Evd(Symmetricity.Symmetric);
        var order = new int[d];
        var eigenvalues = new double[d];
        for (int i = 0; i < d; i++)
        {
            order[i] = i;
            eigenvalues[i] = evd.EigenValues[i].Real;
        }

        // Descending by value; the index breaks ties so the order is reproducible.
        Array.Sort(order, (x, y) =>
        {
            int byValue = eigenvalues[y].CompareTo(eigenvalues[x]);
            return byValue != 0 ? byValue : x.CompareTo(y);
        });
        Matrix<double> vectors = evd.EigenVectors;
        double[] columnMajor = vectors is DenseMatrix denseVectors ? denseVectors.Values : vectors.ToColumnMajorArray();
        var top = new double[rank];
        var topVectors = new double[(long)d * rank];
        for (int j = 0; j < rank; j++)
        {
            int source = order[j];
            top[j] = eigenvalues[source];
            for (int i = 0; i < d; i++)
            {
                topVectors[(i * rank) + j] = columnMajor[((long)source * d) + i];
            }
        }

        return (top, topVectors);
    }

    /// <summary>A nominal operation count for the decomposition with vectors (tridiagonalisation and QL), for the statistics.</summary>
    /// <param name="d">The matrix size.</param>
    /// <returns>About <c>9 d³</c>.</returns>
    public static double NominalFlops(int d) => 9.0 * d * d * d;
}
