using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Plugins.Solving;

namespace GroupReduce.Plugins.Ilgpu.Session;

/// <summary>
/// The small dense eigenproblem of a group, on the host in double precision with the eigensolver the cpu solver uses
/// (plugins/Shared/Numerics: Householder tridiagonalisation, divide and conquer, blocked back-transformation, only the
/// top <c>r</c> vectors formed): the top <c>r</c> eigenpairs of the <c>d x d</c> weighted Gram, eigenvectors signed by
/// the same rule (largest component positive) so both solvers give the same bases up to rounding.
/// </summary>
internal static class GramEigen
{
    /// <summary>A nominal operation count for one group, for the statistics.</summary>
    /// <param name="d">Columns.</param>
    /// <param name="rank">Eigenpairs wanted.</param>
    /// <returns>The solver's nominal count.</returns>
    public static double NominalFlops(int d, int rank) => SymmetricEigensolver.NominalFlops(d, rank);

    /// <summary>Solves one group.</summary>
    /// <param name="workspace">The calling thread's solver and buffers.</param>
    /// <param name="groupId">The group.</param>
    /// <param name="matrixName">The matrix, for messages.</param>
    /// <param name="gram">The symmetric Gram, <c>d x d</c> (only the upper triangle is read).</param>
    /// <param name="d">Columns.</param>
    /// <param name="rank">Eigenpairs wanted.</param>
    /// <param name="cancellationToken">Stops the solve between its steps.</param>
    /// <returns>The basis.</returns>
    public static unsafe GroupBasis Solve(GramEigenWorkspace workspace, int groupId, string matrixName, double[] gram, int d, int rank, CancellationToken cancellationToken = default)
    {
        double trace = 0;
        for (int i = 0; i < d; i++)
        {
            trace += gram[(i * d) + i];
        }

        var values = new double[rank];
        var vectors = new double[(long)d * rank];
        try
        {
            fixed (double* matrix = gram)
            fixed (double* target = vectors)
            {
                workspace.Solver.Solve(workspace.Gemm, matrix, d, rank, values, target, cancellationToken);
            }
        }
        catch (ArithmeticException error)
        {
            throw SolverFailures.EigenFailed(groupId, matrixName, error);
        }

        return GroupBases.From(groupId, matrixName, d, trace, values, vectors);
    }
}
