using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Plugins.Quantizers;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Frequency.Tests;

public class RankAllocationTests
{
    private static RankAllocation Allocate(RankAllocationRequest request, params (string Key, string Value)[] options) =>
        Partitioners.Rule(options).AllocateRanks(request);

    [Fact]
    public void Ranks_follow_the_mean_frequency_rule_and_leftover_bytes_go_to_the_best_frequency_per_byte()
    {
        // Means 8, 2, 1; 4 bytes a value, d = 50: a rank step costs 4·(n + 50) = 1000, 280 and 600 bytes.
        // r_min just below 2.0625 gives ranks 16, 4, 2 = 18,320 bytes (2.0625 would add 1000 to group 0).
        // The 680 left buy two steps of group 1 (mean 2 / 280 bytes beats 1 / 600; group 0's 1000 do not fit).
        RankAllocationRequest request = Allocations.Request([200, 20, 100], [8, 2, 1], [50], 19_000);

        RankAllocation allocation = Allocate(request);

        Assert.Equal([GroupRank.LowRank(16), GroupRank.LowRank(6), GroupRank.LowRank(2)], allocation.Ranks[0]);
        Assert.Equal(18_880, Allocations.TotalBytes(request, allocation));
        Assert.Contains(allocation.Notes, n => n.Contains("r_min = 2.0625", StringComparison.Ordinal));
        Assert.Contains(allocation.Notes, n => n.Contains("18,880 of a 19,000-byte budget", StringComparison.Ordinal));
        Assert.Contains(allocation.Notes, n => n.Contains("2 rank steps added", StringComparison.Ordinal));
    }

    [Fact]
    public void Uniform_allocation_gives_every_group_the_same_rank()
    {
        // One rank in all three groups costs 1000 + 280 + 600 = 1880 bytes: rank 10 fits 19,000, rank 11 does not.
        RankAllocationRequest request = Allocations.Request([200, 20, 100], [8, 2, 1], [50], 19_000);

        RankAllocation allocation = Allocate(request, ("allocation", "uniform"));

        Assert.All(allocation.Ranks[0], r => Assert.Equal(GroupRank.LowRank(10), r));
        Assert.Equal(18_800, Allocations.TotalBytes(request, allocation));
        Assert.Contains(allocation.Notes, n => n.StartsWith("uniform allocation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(11_500, 8, 2)]
    [InlineData(12_320, 9, 2)]
    [InlineData(14_560, 10, 3)]
    public void Matrices_of_different_widths_share_one_r_min(long budget, int frequentRank, int rareRank)
    {
        // Means 4 and 1, 100 rows each; widths 20 and 60: steps cost 480 and 640 bytes. Both matrices get
        // round(4·r_min) and round(r_min); the leftover is below 480 bytes in every case.
        RankAllocationRequest request = Allocations.Request([100, 100], [4, 1], [20, 60], budget);

        RankAllocation allocation = Allocate(request);

        foreach (IReadOnlyList<GroupRank> matrix in allocation.Ranks)
        {
            Assert.Equal([GroupRank.LowRank(frequentRank), GroupRank.LowRank(rareRank)], matrix);
        }

        Assert.True(budget - Allocations.TotalBytes(request, allocation) < 480);
    }

    [Theory]
    [InlineData(5, 500, false)]
    [InlineData(6, 600, true)]
    public void A_group_is_stored_dense_once_its_rank_reaches_nd_over_n_plus_d(int minRank, long budget, bool dense)
    {
        // n = 10, d = 15: the product costs 4·25·r bytes, dense 600; n·d/(n+d) = 6.
        RankAllocationRequest request = Allocations.Request([10], [1], [15], budget);

        RankAllocation allocation = Allocate(request, ("min_rank", minRank.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(dense ? GroupRank.DenseOf(15) : GroupRank.LowRank(5), allocation.Ranks[0][0]);
        Assert.Equal(budget, Allocations.TotalBytes(request, allocation));
    }

    [Fact]
    public void A_generous_budget_stores_every_group_at_full_rank_or_dense()
    {
        RankAllocationRequest request = Allocations.Request([3, 40, 500], [50, 5, 1], [30], long.MaxValue / 4);

        RankAllocation allocation = Allocate(request);

        Assert.All(allocation.Ranks[0], r => Assert.Equal(GroupRank.DenseOf(30), r));
        Assert.Contains(allocation.Notes, n => n.Contains("every group at full rank", StringComparison.Ordinal));
    }

    [Fact]
    public void A_budget_below_rank_one_everywhere_names_the_minimum()
    {
        // Rank 1: 480 + 480 bytes in the 20-wide matrix, 640 + 640 in the 60-wide one = 2,240.
        RankAllocationRequest tooSmall = Allocations.Request([100, 100], [4, 1], [20, 60], 2_239);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Allocate(tooSmall));

        Assert.Equal(ErrorCodes.BudgetTooSmall, error.Code);
        Assert.Contains("at least 2,240 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("2,239", error.Message, StringComparison.Ordinal);

        RankAllocation justEnough = Allocate(Allocations.Request([100, 100], [4, 1], [20, 60], 2_240));
        Assert.All(justEnough.Ranks.SelectMany(r => r), r => Assert.Equal(GroupRank.LowRank(1), r));
    }

    [Fact]
    public void Min_rank_raises_the_floor_and_the_minimum_budget()
    {
        RankAllocationRequest request = Allocations.Request([100, 100], [4, 1], [20, 60], 4_479);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Allocate(request, ("min_rank", "2")));

        Assert.Contains("at least 4,480 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("lower min_rank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_groups_get_rank_zero_and_cost_nothing()
    {
        // Group 1 lost all its rows in refinement; the smallest mean is then group 2's.
        RankAllocationRequest request = Allocations.Request([100, 0, 100], [4, 7, 1], [20], 5_000);

        RankAllocation allocation = Allocate(request);

        Assert.Equal(GroupRank.LowRank(0), allocation.Ranks[0][1]);
        Assert.Equal(0, request.GroupCost(0, 20, allocation.Ranks[0][1]));
        Assert.True(allocation.Ranks[0][0].Rank > allocation.Ranks[0][2].Rank);
        Assert.True(Allocations.TotalBytes(request, allocation) <= 5_000);
    }

    public static TheoryData<int, int, long> RandomCases() => new()
    {
        { 1, 10, 200_000 },
        { 2, 50, 1_000_000 },
        { 3, 200, 3_000_000 },
        { 4, 7, 50_000 },
        { 5, 1000, 20_000_000 },
    };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void The_budget_is_never_exceeded_and_the_leftover_is_below_the_cheapest_step(int seed, int groupCount, long budget)
    {
        double[] frequencies = Allocations.Zipf(5000, seed);
        IPartitioner partitioner = Partitioners.Rule();
        int[] assignment = partitioner.Partition(new PartitionRequest(frequencies, groupCount, [64, 100]));
        var request = new RankAllocationRequest(frequencies, assignment, groupCount, [64, 100], budget, new ValueCost(4));

        RankAllocation allocation = partitioner.AllocateRanks(request);

        long used = Allocations.TotalBytes(request, allocation);
        Assert.True(used <= budget);
        long cheapest = Allocations.CheapestIncrease(request, allocation);
        Assert.True(budget - used < cheapest, $"{budget - used} bytes left, yet a step costs {cheapest}");
        long[] rows = Allocations.GroupRows(request);
        for (int m = 0; m < 2; m++)
        {
            int d = request.MatrixColumns[m];
            for (int g = 0; g < groupCount; g++)
            {
                GroupRank rank = allocation.Ranks[m][g];
                Assert.True(rank.Dense ? rank.Rank == d : rank.Rank >= 1 && rank.Rank <= Math.Min(d, rows[g]));
                if (!rank.Dense)
                {
                    Assert.True(request.GroupCost(rows[g], d, rank) < request.GroupCost(rows[g], d, GroupRank.DenseOf(d)));
                }
            }
        }
    }

    [Fact]
    public void More_budget_never_lowers_the_bytes_used()
    {
        double[] frequencies = Allocations.Zipf(3000, 9);
        IPartitioner partitioner = Partitioners.Rule();
        int[] assignment = partitioner.Partition(new PartitionRequest(frequencies, 40, [32, 48]));
        long previous = 0;

        for (long budget = 40_000; budget <= 1_200_000; budget += 9_973)
        {
            var request = new RankAllocationRequest(frequencies, assignment, 40, [32, 48], budget, new ValueCost(2));
            long used = Allocations.TotalBytes(request, partitioner.AllocateRanks(request));
            Assert.True(used >= previous, $"budget {budget}: {used} bytes, less than {previous} with a smaller budget");
            Assert.True(used <= budget);
            previous = used;
        }
    }

    [Fact]
    public void Frequent_groups_get_higher_ranks()
    {
        double[] frequencies = Allocations.Zipf(4000, 4);
        IPartitioner partitioner = Partitioners.Rule();
        int[] assignment = partitioner.Partition(new PartitionRequest(frequencies, 8, [64]));
        var request = new RankAllocationRequest(frequencies, assignment, 8, [64], 400_000, new ValueCost(4));

        RankAllocation allocation = partitioner.AllocateRanks(request);

        IReadOnlyList<GroupRank> ranks = allocation.Ranks[0];
        for (int g = 1; g < ranks.Count; g++)
        {
            Assert.True(ranks[g].Rank <= ranks[g - 1].Rank, $"group {g} rank {ranks[g].Rank} above group {g - 1} rank {ranks[g - 1].Rank}");
        }

        Assert.True(ranks[0].Rank > ranks[^1].Rank);
    }

    [Fact]
    public void The_same_request_gives_the_same_allocation()
    {
        double[] frequencies = Allocations.Zipf(10_000, 5);
        IPartitioner partitioner = Partitioners.Rule(("split", "mass"));
        int[] assignment = partitioner.Partition(new PartitionRequest(frequencies, 64, [128, 128]));
        var request = new RankAllocationRequest(frequencies, assignment, 64, [128, 128], 2_500_000, new ValueCost(4));

        RankAllocation first = partitioner.AllocateRanks(request);
        RankAllocation second = Partitioners.Rule(("split", "mass")).AllocateRanks(request);

        Assert.Equal(first.Ranks.SelectMany(r => r), second.Ranks.SelectMany(r => r));
        Assert.Equal(first.Notes, second.Notes);
    }

    [Theory]
    [InlineData("int8", "")]
    [InlineData("int4", "")]
    [InlineData("codebook", "")]
    [InlineData("float", "f16")]
    public void Plans_with_real_quantizer_costs_stay_within_the_budget(string quantizer, string dtype)
    {
        IQuantizerFactory factory = quantizer switch
        {
            "int8" => new Int8QuantizerFactory(),
            "int4" => new Int4QuantizerFactory(),
            "codebook" => new CodebookQuantizerFactory(),
            _ => new FloatQuantizerFactory(),
        };
        var options = dtype.Length == 0 ? SpecOptions.Of(quantizer) : SpecOptions.Of(quantizer, ("dtype", dtype));
        IStorageCost cost = factory.Create(options, new PluginContext(new NullLog(), 1));
        double[] frequencies = Allocations.Zipf(6000, 6);
        IPartitioner partitioner = Partitioners.Rule();
        int[] assignment = partitioner.Partition(new PartitionRequest(frequencies, 30, [96, 200]));
        const long budget = 300_000;
        var request = new RankAllocationRequest(frequencies, assignment, 30, [96, 200], budget, cost);

        RankAllocation allocation = partitioner.AllocateRanks(request);

        long used = Allocations.TotalBytes(request, allocation);
        Assert.True(used <= budget);
        Assert.True(budget - used < Allocations.CheapestIncrease(request, allocation));
    }

    [Fact]
    public void Invalid_frequencies_are_refused_when_allocating()
    {
        var request = new RankAllocationRequest(new double[] { 3, -1, 2 }, new[] { 0, 0, 1 }, 2, [8], 10_000, new ValueCost(4));

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Allocate(request));

        Assert.Equal(ErrorCodes.NonFiniteInput, error.Code);
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assignment_outside_the_groups_is_an_argument_error()
    {
        var request = new RankAllocationRequest(new double[] { 3, 1 }, new[] { 0, 2 }, 2, [8], 10_000, new ValueCost(4));

        Assert.Throws<ArgumentException>(() => Allocate(request));
    }

    private sealed class NullLog : IPluginLog
    {
        public void Info(string message)
        {
        }

        public void Warning(string code, string message)
        {
        }
    }
}
