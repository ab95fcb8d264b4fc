using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency.Tests;

public class PartitionTests
{
    private static int[] Partition(double[] frequencies, int groups, string split = "rows") =>
        Partitioners.Create(("split", split)).Partition(new PartitionRequest(frequencies, groups, [16]));

    [Fact]
    public void Rows_are_cut_into_equal_groups_most_frequent_first()
    {
        double[] frequencies = [5, 90, 1, 40, 7, 300, 2, 60, 11, 3];

        int[] groups = Partition(frequencies, 3);

        // Sorted: 300(5) 90(1) 60(7) 40(3) | 11(8) 7(4) 5(0) | 3(9) 2(6) 1(2)
        Assert.Equal([1, 0, 2, 0, 1, 0, 2, 0, 1, 2], groups);
    }

    [Theory]
    [InlineData(1000, 7)]
    [InlineData(1000, 1000)]
    [InlineData(13, 1)]
    [InlineData(50_000, 300)]
    public void Group_sizes_differ_by_at_most_one_and_frequencies_never_rise_across_groups(int rows, int groupCount)
    {
        double[] frequencies = Allocations.Zipf(rows, 1);

        int[] groups = Partition(frequencies, groupCount);

        int[] sizes = new int[groupCount];
        double[] lowest = Enumerable.Repeat(double.PositiveInfinity, groupCount).ToArray();
        double[] highest = new double[groupCount];
        for (int i = 0; i < rows; i++)
        {
            sizes[groups[i]]++;
            lowest[groups[i]] = Math.Min(lowest[groups[i]], frequencies[i]);
            highest[groups[i]] = Math.Max(highest[groups[i]], frequencies[i]);
        }

        Assert.True(sizes.Max() - sizes.Min() <= 1);
        Assert.Equal(rows, sizes.Sum());
        for (int g = 1; g < groupCount; g++)
        {
            Assert.True(highest[g] <= lowest[g - 1]);
            Assert.True(sizes[g] <= sizes[g - 1]);
        }
    }

    [Fact]
    public void Equal_frequencies_are_ordered_by_row_index()
    {
        double[] frequencies = [4, 4, 9, 4, 4, 4, 4, 1];

        int[] groups = Partition(frequencies, 4);

        // Sorted: 9(2) 4(0) | 4(1) 4(3) | 4(4) 4(5) | 4(6) 1(7)
        Assert.Equal([0, 1, 0, 1, 2, 2, 3, 3], groups);
    }

    [Fact]
    public void The_same_frequencies_give_the_same_groups()
    {
        double[] frequencies = Allocations.Zipf(20_000, 2).Select(f => Math.Round(Math.Log(f))).ToArray();

        Assert.Equal(Partition(frequencies, 37), Partition(frequencies, 37));
        Assert.Equal(Partition(frequencies, 37, "mass"), Partition(frequencies, 37, "mass"));
    }

    [Fact]
    public void Mass_split_gives_groups_of_about_equal_frequency_mass()
    {
        double[] frequencies = Allocations.Zipf(5000, 3);
        const int groupCount = 5;

        int[] groups = Partition(frequencies, groupCount, "mass");

        double total = frequencies.Sum();
        double[] mass = new double[groupCount];
        double[] highest = new double[groupCount];
        double[] lowest = Enumerable.Repeat(double.PositiveInfinity, groupCount).ToArray();
        for (int i = 0; i < groups.Length; i++)
        {
            mass[groups[i]] += frequencies[i];
            highest[groups[i]] = Math.Max(highest[groups[i]], frequencies[i]);
            lowest[groups[i]] = Math.Min(lowest[groups[i]], frequencies[i]);
        }

        double cumulative = 0;
        for (int g = 0; g < groupCount; g++)
        {
            cumulative += mass[g];
            if (g > 0)
            {
                Assert.True(highest[g] <= lowest[g - 1]);
            }

            // Each cut lies within half a boundary row's mass of its target, so the running total does too.
            if (g < groupCount - 1)
            {
                double boundary = Math.Max(lowest[g], highest[g + 1]);
                Assert.True(Math.Abs(cumulative - (total * (g + 1) / groupCount)) <= (boundary / 2) + 1e-6, $"group {g}: {cumulative} vs {total * (g + 1) / groupCount}");
            }
        }

        // Zipf: the frequent group is far smaller in rows than the rare one.
        Assert.True(groups.Count(g => g == 0) < groups.Count(g => g == groupCount - 1) / 10);
    }

    [Fact]
    public void Mass_split_keeps_every_group_non_empty_when_one_row_dominates()
    {
        double[] frequencies = [1, 1, 1_000_000, 1, 1];

        int[] groups = Partition(frequencies, 4, "mass");

        Assert.Equal(0, groups[2]);
        Assert.Equal([0, 1, 2, 3], groups.Distinct().Order());
        Assert.Equal([1, 2, 0, 3, 3], groups);
    }

    [Theory]
    [InlineData("rows")]
    [InlineData("mass")]
    public void More_groups_than_rows_is_an_impossible_rank_error_with_a_fix(string split)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Partition([3, 2, 1, 1, 1], 6, split));

        Assert.Equal(ErrorCodes.ImpossibleRank, error.Code);
        Assert.Contains("6 groups", error.Message, StringComparison.Ordinal);
        Assert.Contains("use at most 5 groups", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Frequencies_that_are_not_positive_and_finite_are_refused(double bad)
    {
        double[] frequencies = [3, 2, bad, 1];

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Partition(frequencies, 2));

        Assert.Equal(ErrorCodes.NonFiniteInput, error.Code);
        Assert.Contains("row 2", error.Message, StringComparison.Ordinal);
    }
}
