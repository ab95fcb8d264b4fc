namespace GroupReduce.Abstractions.Partitioning;

/// <summary>
/// Groups the rows of one vocabulary and gives every group a rank within the budget
/// (steps 1 and 2 of GroupReduce). The host checks the answers: every row in a group, ranks within
/// the matrix shape, the bytes within the budget.
/// </summary>
public interface IPartitioner
{
    /// <summary>The initial grouping: the group of each row, numbered from 0 (by convention, the most frequent group is 0).</summary>
    /// <param name="request">Frequencies and group count.</param>
    /// <returns>One group index per row.</returns>
    int[] Partition(PartitionRequest request);

    /// <summary>Chooses every group's storage so that the total bytes stay within the budget.</summary>
    /// <param name="request">The grouping, shapes, budget and cost model.</param>
    /// <returns>The allocation.</returns>
    RankAllocation AllocateRanks(RankAllocationRequest request);
}
