using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Solving;

/// <summary>
/// The argument checks of <see cref="ISolverSession"/> that every solver makes the same way, with the same messages:
/// a session's matrix and weights, FitBases requests, and the sizes of the spans the host passes.
/// </summary>
internal static class SessionContracts
{
    /// <summary>Checks a new session's matrix and weights and returns the weights' square roots.</summary>
    /// <param name="matrix">The matrix: at least one column.</param>
    /// <param name="weights">One positive finite weight per row.</param>
    /// <param name="copy">A copy of the weights.</param>
    /// <returns>The square root of each weight, in single precision.</returns>
    public static float[] RootWeights(IRowMatrix matrix, ReadOnlyMemory<double> weights, out double[] copy)
    {
        if (matrix.Columns < 1)
        {
            throw new ArgumentException($"matrix '{matrix.Name}' has no columns", nameof(matrix));
        }

        if (weights.Length != matrix.Rows)
        {
            throw new ArgumentException($"expected {matrix.Rows} weights for matrix '{matrix.Name}', got {weights.Length}", nameof(weights));
        }

        copy = weights.ToArray();
        var rootWeights = new float[copy.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            double weight = copy[i];
            if (!(weight > 0) || !double.IsFinite(weight))
            {
                throw new ArgumentException($"weight {weight} of row {i} of matrix '{matrix.Name}' is not a positive finite number", nameof(weights));
            }

            rootWeights[i] = (float)Math.Sqrt(weight);
        }

        return rootWeights;
    }

    /// <summary>Checks one FitBases call's requests: distinct groups, each with rows and a possible rank.</summary>
    /// <param name="matrix">The session's matrix.</param>
    /// <param name="groups">The requests.</param>
    /// <returns>The rows of all the requests together.</returns>
    public static long CheckFitRequests(IRowMatrix matrix, IReadOnlyList<GroupFitRequest> groups)
    {
        int d = matrix.Columns;
        long totalRows = 0;
        var seen = new HashSet<int>();
        foreach (GroupFitRequest request in groups)
        {
            ArgumentNullException.ThrowIfNull(request, nameof(groups));
            if (!seen.Add(request.GroupId))
            {
                throw new ArgumentException($"group {request.GroupId} is requested twice in one FitBases call", nameof(groups));
            }

            if (request.Rows.Length == 0)
            {
                throw new GroupReduceException(
                    ErrorCodes.ImpossibleRank,
                    $"group {request.GroupId} of matrix '{matrix.Name}' has no rows, so it has no basis; use fewer groups or let the partitioner drop empty groups");
            }

            if (request.Rank > d)
            {
                throw new GroupReduceException(
                    ErrorCodes.ImpossibleRank,
                    $"group {request.GroupId} of matrix '{matrix.Name}' asks for rank {request.Rank}, but the matrix has only {d} columns; use a rank from 1 to {d}");
            }

            RowLists.Check(request.Rows.Span, matrix.Rows, $"group {request.GroupId}");
            totalRows += request.Rows.Length;
        }

        return totalRows;
    }

    /// <summary>
    /// Checks the arguments of a ScoreRows call and returns where each basis's columns start when the bases are
    /// stacked side by side: entry <c>g</c> for basis <c>g</c>, entry <c>count</c> the total width.
    /// </summary>
    /// <param name="matrix">The session's matrix.</param>
    /// <param name="bases">The bases, each as wide as the matrix.</param>
    /// <param name="rows">The rows to score.</param>
    /// <param name="projected">Room for one energy per row and basis.</param>
    /// <param name="rowNormsSquared">Room for one norm per row.</param>
    /// <param name="spare">Entries to leave free (zero) after the offsets, for the caller's own use.</param>
    /// <returns>The <c>count + 1 + spare</c> offsets.</returns>
    public static int[] CheckScoreRows(IRowMatrix matrix, IReadOnlyList<GroupBasis> bases, ReadOnlySpan<int> rows, ReadOnlySpan<float> projected, ReadOnlySpan<float> rowNormsSquared, int spare = 0)
    {
        RowLists.Check(rows, matrix.Rows, "ScoreRows");
        int total = rows.Length;
        int count = bases.Count;
        if (projected.Length < (long)total * count)
        {
            throw new ArgumentException($"projected needs {(long)total * count} values, got {projected.Length}", nameof(projected));
        }

        if (rowNormsSquared.Length < total)
        {
            throw new ArgumentException($"rowNormsSquared needs {total} values, got {rowNormsSquared.Length}", nameof(rowNormsSquared));
        }

        var offsets = new int[count + 1 + spare];
        for (int g = 0; g < count; g++)
        {
            CheckBasis(matrix, bases[g]);
            offsets[g + 1] = offsets[g] + bases[g].Rank;
        }

        return offsets;
    }

    /// <summary>Checks the basis, rows and output of a Project call.</summary>
    /// <param name="matrix">The session's matrix.</param>
    /// <param name="rows">The rows to project.</param>
    /// <param name="basis">The basis.</param>
    /// <param name="coefficients">Room for <c>rank</c> coefficients per row.</param>
    public static void CheckProject(IRowMatrix matrix, ReadOnlySpan<int> rows, GroupBasis basis, ReadOnlySpan<float> coefficients)
    {
        CheckBasis(matrix, basis);
        RowLists.Check(rows, matrix.Rows, "Project");
        CheckCoefficients(rows, basis.Rank, coefficients);
    }

    /// <summary>Checks the arguments of a MeasureError call.</summary>
    /// <param name="matrix">The session's matrix.</param>
    /// <param name="rows">The rows to measure.</param>
    /// <param name="coefficients">The rows' coefficients, <paramref name="rank"/> per row.</param>
    /// <param name="basis">The <c>d x rank</c> basis, or empty when the coefficients are the rows themselves.</param>
    /// <param name="rank">The coefficients per row.</param>
    /// <returns><see langword="true"/> when there is no basis (the coefficients are the rows themselves).</returns>
    public static bool CheckMeasureError(IRowMatrix matrix, ReadOnlySpan<int> rows, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> basis, int rank)
    {
        RowLists.Check(rows, matrix.Rows, "MeasureError");
        int d = matrix.Columns;
        bool dense = basis.IsEmpty;
        if (dense ? rank != d : rank < 1 || basis.Length != (long)d * rank)
        {
            throw new ArgumentException(dense
                ? $"without a basis the coefficients are the rows themselves, so rank must be {d}, got {rank}"
                : $"basis needs {(long)d * rank} values ({d} x {rank}), got {basis.Length}", nameof(basis));
        }

        CheckCoefficients(rows, rank, coefficients);
        return dense;
    }

    private static void CheckBasis(IRowMatrix matrix, GroupBasis basis)
    {
        if (basis.Columns != matrix.Columns)
        {
            throw new ArgumentException($"basis of group {basis.GroupId} has {basis.Columns} columns, but matrix '{matrix.Name}' has {matrix.Columns}", nameof(basis));
        }
    }

    private static void CheckCoefficients(ReadOnlySpan<int> rows, int rank, ReadOnlySpan<float> coefficients)
    {
        if (coefficients.Length < (long)rows.Length * rank)
        {
            throw new ArgumentException($"coefficients needs {(long)rows.Length * rank} values, got {coefficients.Length}", nameof(coefficients));
        }
    }
}
