using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace GroupReduce.Plugins.Ilgpu.Session;

/// <summary>
/// The small dense eigenproblem of a group, on the host in double precision (MathNet's symmetric decomposition): the
/// top <c>r</c> eigenpairs of the <c>d x d</c> weighted Gram, eigenvectors signed like the cpu solver's (largest
/// component positive) so both solvers give the same bases up to rounding.
/// </summary>
internal static class GramEigen
{
    /// <summary>Solves one group.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="matrixName">The matrix, for messages.</param>
    /// <param name="gram">The full symmetric Gram, <c>d x d</c>.</param>
    /// <param name="d">Columns.</param>
    /// <param name="rank">Eigenpairs wanted.</param>
    /// <returns>The basis.</returns>
    public static GroupBasis Solve(int groupId, string matrixName, double[] gram, int d, int rank)
    {
        double trace = 0;
        for (int i = 0; i < d; i++)
        {
            trace += gram[(i * d) + i];
        }

        Evd<double> evd;
        try
        {
            evd = Matrix<double>.Build.Dense(d, d, gram).Evd(Symmetricity.Symmetric);
        }
        catch (Exception error) when (error is ArithmeticException or NonConvergenceException)
        {
            throw new GroupReduceException(
                ErrorCodes.FactorizationFailed,
                $"group {groupId} of matrix '{matrixName}': the eigendecomposition of its weighted Gram matrix failed ({error.Message}); check the input for extreme values",
                null,
                error);
        }

        // Descending by value; ties keep MathNet's order so the choice is the same on every run.
        int[] order = [.. Enumerable.Range(0, d).OrderByDescending(k => evd.EigenValues[k].Real).ThenBy(k => k)];
        Matrix<double> vectors = evd.EigenVectors;
        var values = new double[rank];
        var basis = new float[d * rank];
        for (int k = 0; k < rank; k++)
        {
            int column = order[k];

            // Rounding can leave eigenvalues of a semidefinite Gram slightly negative.
            values[k] = Math.Max(0, evd.EigenValues[column].Real);
            double largest = -1;
            double sign = 1;
            for (int j = 0; j < d; j++)
            {
                double value = vectors[j, column];
                if (Math.Abs(value) > largest)
                {
                    largest = Math.Abs(value);
                    sign = value < 0 ? -1 : 1;
                }
            }

            for (int j = 0; j < d; j++)
            {
                basis[(j * rank) + k] = (float)(sign * vectors[j, column]);
            }
        }

        if (!double.IsFinite(trace) || !Array.TrueForAll(values, double.IsFinite) || !Array.TrueForAll(basis, float.IsFinite))
        {
            throw new GroupReduceException(
                ErrorCodes.FactorizationFailed,
                $"group {groupId} of matrix '{matrixName}': the eigendecomposition produced non-finite values; check the input for extreme values");
        }

        return new GroupBasis(groupId, d, rank, basis, values, Math.Max(0, trace));
    }
}
