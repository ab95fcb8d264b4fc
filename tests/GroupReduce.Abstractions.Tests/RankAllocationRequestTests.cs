using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Abstractions.Tests;

public sealed class RankAllocationRequestTests
{
    private static readonly double[] Frequencies = [3, 2, 1, 1];
    private static readonly int[] Assignment = [0, 0, 1, 1];

    [Fact]
    public void The_budget_keeps_the_unit_it_was_given()
    {
        var parameters = new RankAllocationRequest(Frequencies, Assignment, 2, [8], 5_000, CostUnit.Parameters, new PerValue(1));
        var bytes = new RankAllocationRequest(Frequencies, Assignment, 2, [8], 20_000, CostUnit.Bytes, new PerValue(4));

        Assert.Equal((5_000L, CostUnit.Parameters), (parameters.Budget, parameters.Unit));
        Assert.Equal((20_000L, CostUnit.Bytes), (bytes.Budget, bytes.Unit));
    }

    [Fact]
    public void The_contract_1_0_constructor_gives_a_byte_budget()
    {
        var request = new RankAllocationRequest(Frequencies, Assignment, 2, [8], 20_000, new PerValue(4));

        Assert.Equal((20_000L, CostUnit.Bytes), (request.Budget, request.Unit));
    }

    [Fact]
    public void Group_cost_prices_dense_and_low_rank_groups_in_the_cost_unit()
    {
        var request = new RankAllocationRequest(Frequencies, Assignment, 2, [8], 5_000, CostUnit.Parameters, new PerValue(1));

        Assert.Equal(2 * 8, request.GroupCost(2, 8, GroupRank.DenseOf(8)));
        Assert.Equal((2 * 3) + (8 * 3), request.GroupCost(2, 8, GroupRank.LowRank(3)));
        Assert.Equal(0, request.GroupCost(2, 8, GroupRank.LowRank(0)));
        Assert.Equal(0, request.GroupCost(0, 8, GroupRank.DenseOf(8)));
    }

    [Fact]
    public void An_undefined_unit_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RankAllocationRequest(Frequencies, Assignment, 2, [8], 5_000, (CostUnit)7, new PerValue(1)));

        Assert.Equal("unit", error.ParamName);
    }

    [Fact]
    public void A_partitioner_written_against_contract_1_0_still_reads_the_budget_and_group_costs()
    {
        var request = new RankAllocationRequest(Frequencies, Assignment, 2, [8], 40, CostUnit.Parameters, new PerValue(1));

        RankAllocation allocation = new Contract10Partitioner().AllocateRanks(request);

        // Rank 1 costs 2 + 8 = 10 values per group; the obsolete members forward to Budget and GroupCost, so the
        // old code sees the same 40 and spends it on rank 2 for both groups.
        Assert.Equal([GroupRank.LowRank(2), GroupRank.LowRank(2)], allocation.Ranks[0]);
        Assert.Equal(["budget 40, spent 40"], allocation.Notes);
    }

    /// <summary>A fixed cost per stored value.</summary>
    private sealed class PerValue(int units) : IStorageCost
    {
        public long TensorBytes(long rows, int columns) => rows * columns * units;
    }

    /// <summary>
    /// A partitioner as a plugin built against contract 1.0 wrote it: it only knows <c>BudgetBytes</c> and
    /// <c>GroupBytes</c>. It raises every group's rank together while the budget lasts.
    /// </summary>
    private sealed class Contract10Partitioner : IPartitioner
    {
        public int[] Partition(PartitionRequest request) => throw new NotSupportedException();

#pragma warning disable CS0618 // The members a 1.0 plugin uses: this test checks they still work.
        public RankAllocation AllocateRanks(RankAllocationRequest request)
        {
            long budget = request.BudgetBytes;
            int rank = 0;
            while (Spent(request, rank + 1) <= budget)
            {
                rank++;
            }

            GroupRank[] ranks = Enumerable.Repeat(GroupRank.LowRank(rank), request.GroupCount).ToArray();
            return new RankAllocation([ranks], [$"budget {budget}, spent {Spent(request, rank)}"]);
        }

        private static long Spent(RankAllocationRequest request, int rank) =>
            request.GroupBytes(2, request.MatrixColumns[0], GroupRank.LowRank(rank)) * request.GroupCount;
#pragma warning restore CS0618
    }
}
