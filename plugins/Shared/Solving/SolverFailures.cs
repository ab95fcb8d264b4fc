using GroupReduce.Abstractions;

namespace GroupReduce.Plugins.Solving;

/// <summary>The <see cref="ErrorCodes.FactorizationFailed"/> errors every solver reports the same way.</summary>
internal static class SolverFailures
{
    /// <summary>A group's weighted Gram holds a non-finite value.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="matrixName">The matrix.</param>
    /// <returns>The error to throw.</returns>
    public static GroupReduceException GramNotFinite(int groupId, string matrixName) => new(
        ErrorCodes.FactorizationFailed,
        $"group {groupId} of matrix '{matrixName}': its weighted Gram matrix is not finite, because the group's rows hold NaN, infinite or overflowing values; clean the input or choose a non-finite policy in the spec");

    /// <summary>The eigensolver gave up on a group's Gram.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="matrixName">The matrix.</param>
    /// <param name="error">What the eigensolver threw.</param>
    /// <returns>The error to throw.</returns>
    public static GroupReduceException EigenFailed(int groupId, string matrixName, ArithmeticException error) => new(
        ErrorCodes.FactorizationFailed,
        $"group {groupId} of matrix '{matrixName}': the eigendecomposition of its weighted Gram matrix failed ({error.Message}); check the input for extreme values",
        null,
        error);

    /// <summary>A group's eigenpairs or trace came out non-finite.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="matrixName">The matrix.</param>
    /// <returns>The error to throw.</returns>
    public static GroupReduceException NotFinite(int groupId, string matrixName) => new(
        ErrorCodes.FactorizationFailed,
        $"group {groupId} of matrix '{matrixName}': the eigendecomposition produced non-finite values; check the input for extreme values");
}
