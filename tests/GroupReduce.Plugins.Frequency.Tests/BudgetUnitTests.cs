using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency.Tests;

/// <summary>The allocator speaks of the unit the spec gave the budget in: bytes, or parameters.</summary>
public sealed class BudgetUnitTests
{
    // Two groups of 100 rows, matrices 20 and 60 wide: rank 1 everywhere stores (100 + 20) x 2 + (100 + 60) x 2 = 560 values.
    private static RankAllocationRequest Request(long budget, CostUnit unit, int bytesPerValue)
    {
        RankAllocationRequest shape = Allocations.Request([100, 100], [4, 1], [20, 60], budget);
        return new RankAllocationRequest(shape.Frequencies, shape.Assignment, shape.GroupCount, shape.MatrixColumns, budget, unit, new ValueCost(bytesPerValue));
    }

    [Fact]
    public void A_parameter_budget_below_rank_one_names_the_minimum_in_parameters()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Partitioners.Rule().AllocateRanks(Request(559, CostUnit.Parameters, 1)));

        Assert.Equal(ErrorCodes.BudgetTooSmall, error.Code);
        Assert.Contains("the budget of 559 parameters is too small", error.Message, StringComparison.Ordinal);
        Assert.Contains("raise the budget to at least 560 parameters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_budget_below_rank_one_names_the_minimum_in_bytes()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Partitioners.Rule().AllocateRanks(Request(2_239, CostUnit.Bytes, 4)));

        Assert.Equal(ErrorCodes.BudgetTooSmall, error.Code);
        Assert.Contains("the budget of 2,239 bytes is too small", error.Message, StringComparison.Ordinal);
        Assert.Contains("raise the budget to at least 2,240 bytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("parameters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_notes_count_a_parameter_budget_in_parameters()
    {
        RankAllocation allocation = Partitioners.Rule().AllocateRanks(Request(560, CostUnit.Parameters, 1));

        Assert.All(allocation.Ranks.SelectMany(r => r), r => Assert.Equal(GroupRank.LowRank(1), r));
        Assert.Contains(allocation.Notes, n => n.Contains("parameters used: 560 of a 560-parameter budget", StringComparison.Ordinal));
        Assert.DoesNotContain(allocation.Notes, n => n.Contains("byte", StringComparison.Ordinal));
    }
}
