namespace GroupReduce.Plugins.Cpu.Numerics;

/// <summary>The top eigenpairs of a symmetric matrix.</summary>
/// <param name="Values">The <c>r</c> eigenvalues, descending.</param>
/// <param name="Vectors"><c>d x r</c> eigenvectors, row-major.</param>
/// <param name="Block">Ritz vectors (<c>d x BlockColumns</c>, row-major) to warm-start the next solve, or empty.</param>
/// <param name="BlockColumns">Columns of <paramref name="Block"/>.</param>
/// <param name="FloatingPointOperations">Work done, for the statistics.</param>
/// <param name="Iterations">Subspace iterations (0 for the full decomposition).</param>
/// <param name="UsedFull">Whether the full decomposition produced the result.</param>
internal sealed record EigenResult(double[] Values, double[] Vectors, double[] Block, int BlockColumns, double FloatingPointOperations, int Iterations, bool UsedFull);
