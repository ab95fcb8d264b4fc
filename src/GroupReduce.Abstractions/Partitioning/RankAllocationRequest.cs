namespace GroupReduce.Abstractions.Partitioning;

/// <summary>What a partitioner gets to choose the rank of every group of every matrix within a byte budget.</summary>
public sealed class RankAllocationRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="frequencies">One positive frequency per row.</param>
    /// <param name="assignment">The group of each row, from 0 to <paramref name="groupCount"/> − 1.</param>
    /// <param name="groupCount">The number of groups.</param>
    /// <param name="matrixColumns">The column count of every matrix that shares the grouping.</param>
    /// <param name="budgetBytes">Bytes available for all the groups' factors of all the matrices.</param>
    /// <param name="cost">The exact storage cost of a factor tensor.</param>
    public RankAllocationRequest(
        ReadOnlyMemory<double> frequencies,
        ReadOnlyMemory<int> assignment,
        int groupCount,
        IReadOnlyList<int> matrixColumns,
        long budgetBytes,
        IStorageCost cost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        ArgumentNullException.ThrowIfNull(matrixColumns);
        ArgumentNullException.ThrowIfNull(cost);
        if (frequencies.Length != assignment.Length)
        {
            throw new ArgumentException("frequencies and assignment must have one entry per row", nameof(assignment));
        }

        Frequencies = frequencies;
        Assignment = assignment;
        GroupCount = groupCount;
        MatrixColumns = matrixColumns;
        BudgetBytes = budgetBytes;
        Cost = cost;
    }

    /// <summary>One positive frequency per row.</summary>
    public ReadOnlyMemory<double> Frequencies { get; }

    /// <summary>The group of each row.</summary>
    public ReadOnlyMemory<int> Assignment { get; }

    /// <summary>The number of groups.</summary>
    public int GroupCount { get; }

    /// <summary>The column count of every matrix that shares the grouping.</summary>
    public IReadOnlyList<int> MatrixColumns { get; }

    /// <summary>Bytes available for the factors.</summary>
    public long BudgetBytes { get; }

    /// <summary>The storage cost of a factor tensor.</summary>
    public IStorageCost Cost { get; }

    /// <summary>
    /// The bytes one group takes: dense (<c>rows x columns</c>) or low-rank (<c>U</c>: <c>rows x rank</c>
    /// plus <c>V</c>: <c>columns x rank</c>). An empty group or rank 0 takes nothing.
    /// </summary>
    /// <param name="rows">The group's row count.</param>
    /// <param name="columns">The matrix's column count.</param>
    /// <param name="rank">The group's storage.</param>
    /// <returns>The byte count.</returns>
    public long GroupBytes(long rows, int columns, GroupRank rank)
    {
        if (rows == 0 || (!rank.Dense && rank.Rank == 0))
        {
            return 0;
        }

        return rank.Dense
            ? Cost.TensorBytes(rows, columns)
            : Cost.TensorBytes(rows, rank.Rank) + Cost.TensorBytes(columns, rank.Rank);
    }
}
