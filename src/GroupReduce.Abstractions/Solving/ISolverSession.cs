namespace GroupReduce.Abstractions.Solving;

/// <summary>
/// The heavy arithmetic of GroupReduce on one matrix <c>A</c> with row weights <c>w</c>: weighted bases
/// per group, scoring every row against every basis (refinement) and the projections that become the
/// stored factors. A GPU solver takes all of it over. Calls on one session are made one at a time.
/// </summary>
public interface ISolverSession : IDisposable
{
    /// <summary>
    /// Fits each requested group's basis: the top <c>Rank</c> eigenvectors of <c>A_gᵀ diag(w) A_g</c>.
    /// A session may keep per-group state between calls (e.g. Gram matrices) and update it from the
    /// rows that joined or left a group since the previous call with the same <see cref="GroupFitRequest.GroupId"/>.
    /// </summary>
    /// <param name="groups">The groups to fit.</param>
    /// <param name="progress">Optional progress.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>One basis per request, in request order.</returns>
    IReadOnlyList<GroupBasis> FitBases(IReadOnlyList<GroupFitRequest> groups, IProgress<SolverProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Scores rows against every basis: for the <c>k</c>-th of <paramref name="rows"/>,
    /// <c>projected[k * bases.Count + g] = ‖V_gᵀ a‖²</c> and <c>rowNormsSquared[k] = ‖a‖²</c>. The row's squared
    /// error in group <c>g</c> is their difference. The host lists only the rows that may move (rows of dense
    /// groups, reconstructed exactly, never do), usually long runs of consecutive rows.
    /// </summary>
    /// <param name="bases">The bases; all have the matrix's column count.</param>
    /// <param name="rows">The rows to score, strictly increasing.</param>
    /// <param name="projected"><c>rows.Length x bases.Count</c> values, row-major.</param>
    /// <param name="rowNormsSquared"><c>rows.Length</c> values.</param>
    /// <param name="progress">Optional progress.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    void ScoreRows(IReadOnlyList<GroupBasis> bases, ReadOnlySpan<int> rows, Span<float> projected, Span<float> rowNormsSquared, IProgress<SolverProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Projects rows onto a basis: <c>coefficients = A[rows] · V</c> (<c>rows.Length x Rank</c>, row-major).</summary>
    /// <param name="rows">The rows, strictly increasing.</param>
    /// <param name="basis">The basis.</param>
    /// <param name="coefficients"><c>rows.Length * basis.Rank</c> values.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    void Project(ReadOnlySpan<int> rows, GroupBasis basis, Span<float> coefficients, CancellationToken cancellationToken);

    /// <summary>
    /// Measures the error of a stored approximation of <c>A[rows]</c>: <c>â_i = c_i · Bᵀ</c> where
    /// <paramref name="coefficients"/> is <c>rows.Length x rank</c> and <paramref name="basis"/> is
    /// <c>Columns x rank</c> (both row-major). When <paramref name="basis"/> is empty,
    /// <paramref name="coefficients"/> holds the approximated rows themselves (<c>rank == Columns</c>).
    /// Used after quantization, so the report gives the error of what is actually stored.
    /// </summary>
    /// <param name="rows">The rows, strictly increasing.</param>
    /// <param name="coefficients">The row coefficients (or rows).</param>
    /// <param name="basis">The basis, or empty.</param>
    /// <param name="rank">The rank.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The errors over the rows.</returns>
    ReconstructionError MeasureError(ReadOnlySpan<int> rows, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> basis, int rank, CancellationToken cancellationToken);
}
