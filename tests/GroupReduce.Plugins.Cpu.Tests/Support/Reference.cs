using MathNet.Numerics.LinearAlgebra;

namespace GroupReduce.Plugins.Cpu.Tests.Support;

/// <summary>Independent double-precision references computed with MathNet's SVD.</summary>
internal static class Reference
{
    /// <summary>The SVD of <c>diag(√w) A[rows]</c>: squared singular values (descending) and right singular vectors (columns).</summary>
    public static (double[] Energies, Matrix<double> Vectors) WeightedSvd(ArrayRowMatrix matrix, IReadOnlyList<int> rows, double[] weights)
    {
        int d = matrix.Columns;
        var m = Matrix<double>.Build.Dense(rows.Count, d);
        for (int i = 0; i < rows.Count; i++)
        {
            double scale = Math.Sqrt(weights[rows[i]]);
            for (int j = 0; j < d; j++)
            {
                m[i, j] = scale * matrix[rows[i], j];
            }
        }

        var svd = m.Svd(computeVectors: true);
        double[] energies = new double[d];
        for (int j = 0; j < Math.Min(d, rows.Count); j++)
        {
            energies[j] = svd.S[j] * svd.S[j];
        }

        return (energies, svd.VT.Transpose());
    }

    /// <summary><c>‖P_a − P_b‖_F</c> for the projectors onto the column spans of two orthonormal d x r bases.</summary>
    public static double ProjectorDistance(Matrix<double> a, Matrix<double> b)
    {
        Matrix<double> pa = a * a.Transpose();
        Matrix<double> pb = b * b.Transpose();
        return (pa - pb).FrobeniusNorm();
    }

    public static Matrix<double> BasisMatrix(GroupReduce.Abstractions.Solving.GroupBasis basis)
    {
        var m = Matrix<double>.Build.Dense(basis.Columns, basis.Rank);
        for (int j = 0; j < basis.Columns; j++)
        {
            for (int k = 0; k < basis.Rank; k++)
            {
                m[j, k] = basis.Vectors[(j * basis.Rank) + k];
            }
        }

        return m;
    }

    public static Matrix<double> FirstColumns(Matrix<double> m, int count) => m.SubMatrix(0, m.RowCount, 0, count);
}
