namespace GroupReduce.Abstractions.Partitioning;

/// <summary>How one group of one matrix is stored: dense (exact rows) or as a rank-<see cref="Rank"/> product.</summary>
/// <param name="Rank">The rank; for a dense group, the matrix's column count.</param>
/// <param name="Dense">Whether the rows are stored as they are (cheaper than a product once the rank nears <c>n·d/(n+d)</c>).</param>
public readonly record struct GroupRank(int Rank, bool Dense)
{
    /// <summary>
    /// Which of <see cref="RankAllocationRequest.Encodings"/> stores the group's factors (or its dense rows);
    /// 0, the only choice, when the request offers none.
    /// </summary>
    /// <remarks>Added in contract 1.3.</remarks>
    public int Encoding { get; init; }

    /// <summary>A low-rank group.</summary>
    /// <param name="rank">The rank.</param>
    /// <returns>The storage.</returns>
    public static GroupRank LowRank(int rank) => new(rank, false);

    /// <summary>A dense group of a matrix with <paramref name="columns"/> columns.</summary>
    /// <param name="columns">The matrix's column count.</param>
    /// <returns>The storage.</returns>
    public static GroupRank DenseOf(int columns) => new(columns, true);
}
