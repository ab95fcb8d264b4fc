namespace GroupReduce.Abstractions.Partitioning;

/// <summary>A partitioner's answer: how every group of every matrix is stored.</summary>
public sealed class RankAllocation
{
    /// <summary>Creates the allocation.</summary>
    /// <param name="ranks"><c>ranks[m][g]</c>: the storage of group <c>g</c> of matrix <c>m</c> (matrices in request order).</param>
    /// <param name="notes">What the partitioner wants the report to show (e.g. the chosen base rank).</param>
    public RankAllocation(IReadOnlyList<IReadOnlyList<GroupRank>> ranks, IReadOnlyList<string>? notes = null)
    {
        Ranks = ranks ?? throw new ArgumentNullException(nameof(ranks));
        Notes = notes ?? [];
    }

    /// <summary><c>Ranks[m][g]</c>: the storage of group <c>g</c> of matrix <c>m</c>.</summary>
    public IReadOnlyList<IReadOnlyList<GroupRank>> Ranks { get; }

    /// <summary>Lines for the report.</summary>
    public IReadOnlyList<string> Notes { get; }
}
