using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Solving;

/// <summary>Turns a group's top eigenpairs (in double) into the single-precision basis every solver returns.</summary>
internal static class GroupBases
{
    /// <summary>
    /// Clamps the eigenvalues at zero, signs the eigenvectors (largest component positive, in place), rounds them to
    /// single precision and checks that everything is finite.
    /// </summary>
    /// <param name="groupId">The group.</param>
    /// <param name="matrixName">The matrix, for messages.</param>
    /// <param name="d">Columns.</param>
    /// <param name="trace">The trace of the group's weighted Gram.</param>
    /// <param name="eigenvalues">The top eigenvalues, largest first; their count is the rank.</param>
    /// <param name="eigenvectors">The matching eigenvectors as the columns of a <c>d x rank</c> row-major matrix; signed in place.</param>
    /// <returns>The basis.</returns>
    public static GroupBasis From(int groupId, string matrixName, int d, double trace, double[] eigenvalues, double[] eigenvectors)
    {
        int rank = eigenvalues.Length;
        var values = new double[rank];
        for (int j = 0; j < rank; j++)
        {
            // Rounding can leave eigenvalues of a semidefinite Gram slightly negative.
            values[j] = Math.Max(0, eigenvalues[j]);
        }

        EigenvectorSigns.Normalize(eigenvectors, d, rank);
        var single = new float[eigenvectors.Length];
        for (long i = 0; i < eigenvectors.Length; i++)
        {
            single[i] = (float)eigenvectors[i];
        }

        if (!double.IsFinite(trace) || !Array.TrueForAll(values, double.IsFinite) || !Array.TrueForAll(single, float.IsFinite))
        {
            throw SolverFailures.NotFinite(groupId, matrixName);
        }

        return new GroupBasis(groupId, d, rank, single, values, Math.Max(0, trace));
    }
}
