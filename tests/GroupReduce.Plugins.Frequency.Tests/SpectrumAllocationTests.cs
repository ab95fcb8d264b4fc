using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency.Tests;

public class SpectrumAllocationTests
{
    private static RankAllocation Allocate(RankAllocationRequest request, params (string Key, string Value)[] options) =>
        Partitioners.Create(options).AllocateRanks(request);

    private static RankAllocationRequest WithSpectra(RankAllocationRequest request, params GroupSpectrum?[][] spectra) =>
        new(request.Frequencies, request.Assignment, request.GroupCount, request.MatrixColumns, request.Budget, request.Unit, request.Cost) { Spectra = spectra };

    /// <summary>The weighted error an allocation leaves, read from the spectra (dense groups leave none).</summary>
    private static double Error(RankAllocationRequest request, RankAllocation allocation)
    {
        double error = 0;
        for (int m = 0; m < request.MatrixColumns.Count; m++)
        {
            for (int g = 0; g < request.GroupCount; g++)
            {
                GroupRank rank = allocation.Ranks[m][g];
                if (request.Spectra![m][g] is { } spectrum && !rank.Dense)
                {
                    error += spectrum.ErrorAt(rank.Rank);
                }
            }
        }

        return error;
    }

    [Fact]
    public void The_partitioner_asks_for_spectra_only_for_spectrum_allocation_which_is_the_default()
    {
        Assert.True(Assert.IsAssignableFrom<ISpectrumPartitioner>(Partitioners.Create(("allocation", "spectrum"))).UsesSpectra);
        Assert.True(Assert.IsAssignableFrom<ISpectrumPartitioner>(Partitioners.Create()).UsesSpectra);
        Assert.False(Assert.IsAssignableFrom<ISpectrumPartitioner>(Partitioners.Create(("allocation", "frequency"))).UsesSpectra);
        Assert.False(Assert.IsAssignableFrom<ISpectrumPartitioner>(Partitioners.Create(("allocation", "uniform"))).UsesSpectra);
    }

    [Fact]
    public void Each_byte_goes_where_the_spectrum_says_it_removes_the_most_error()
    {
        // Two groups of 20 rows, d = 10, 4 bytes a value: a rank step costs 4·(20 + 10) = 120 bytes, dense 800.
        // Rank 1 everywhere costs 240; the 360 left buy three steps, taken by the largest next eigenvalue:
        // group 0's 5, then group 0's 2 beats group 1's 1.5, then group 1's 1.5 beats group 0's 1.
        RankAllocationRequest request = WithSpectra(
            Allocations.Request([20, 20], [1, 1], [10], 600),
            [new GroupSpectrum([10, 5, 2, 1, 0.5], 18.5), new GroupSpectrum([8, 1.5, 1, 0.25], 10.75)]);

        RankAllocation allocation = Allocate(request, ("allocation", "spectrum"));

        Assert.Equal([GroupRank.LowRank(3), GroupRank.LowRank(2)], allocation.Ranks[0]);
        Assert.Equal(600, Allocations.TotalBytes(request, allocation));
        Assert.Equal(1.5 + 1.25, Error(request, allocation), 12);
        Assert.Contains(allocation.Notes, n => n.StartsWith("spectrum allocation", StringComparison.Ordinal) && n.Contains("predicted weighted error 9.402%", StringComparison.Ordinal));
    }

    [Fact]
    public void A_group_jumps_to_dense_storage_when_that_buys_more_error_per_byte_than_one_rank()
    {
        // 4 rows, d = 10: rank r costs 56·r bytes and rank 3 (168) would cost more than the dense rows (160), so
        // ranks 3 and 4 are dense. With a flat spectrum, one more rank removes 1 for 56 bytes (0.018 a byte) but
        // dense removes the 3 left for 104 bytes (0.029 a byte): the group goes straight to dense.
        RankAllocationRequest request = WithSpectra(Allocations.Request([4], [1], [10], 170), [new GroupSpectrum([1, 1, 1, 1], 4)]);

        RankAllocation allocation = Allocate(request, ("allocation", "spectrum"));

        Assert.Equal([GroupRank.DenseOf(10)], allocation.Ranks[0]);
        Assert.Equal(0, Error(request, allocation));
    }

    [Fact]
    public void A_step_that_does_not_fit_gives_way_to_a_smaller_one_that_does()
    {
        // As above, but 150 bytes: dense (104 more) does not fit the 94 left, so the group takes rank 2 instead.
        RankAllocationRequest request = WithSpectra(Allocations.Request([4], [1], [10], 150), [new GroupSpectrum([1, 1, 1, 1], 4)]);

        RankAllocation allocation = Allocate(request, ("allocation", "spectrum"));

        Assert.Equal([GroupRank.LowRank(2)], allocation.Ranks[0]);
    }

    [Fact]
    public void Ranks_are_shared_out_across_matrices_by_their_errors()
    {
        // One group, two matrices of width 10 (20 rows: 120 bytes a step); the second matrix's spectrum is ten times
        // larger, so after rank 1 in both, all three steps the 360 bytes buy go to it.
        RankAllocationRequest request = WithSpectra(
            Allocations.Request([20], [1], [10, 10], 600),
            [new GroupSpectrum([1, 0.5, 0.4, 0.3], 2.2)],
            [new GroupSpectrum([10, 5, 4, 3, 2], 24)]);

        RankAllocation allocation = Allocate(request, ("allocation", "spectrum"));

        Assert.Equal([GroupRank.LowRank(1)], allocation.Ranks[0]);
        Assert.Equal([GroupRank.LowRank(4)], allocation.Ranks[1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void At_equal_bytes_spectrum_allocation_leaves_no_more_error_than_the_papers_rule(int seed)
    {
        // Zipf-like groups: few frequent rows with slowly decaying spectra, many rare rows whose spectra fall fast.
        var random = new Random(seed);
        int groups = 6;
        int[] sizes = new int[groups];
        double[] means = new double[groups];
        var spectra = new GroupSpectrum?[groups];
        int d = 32;
        for (int g = 0; g < groups; g++)
        {
            sizes[g] = 20 * (1 << g) + random.Next(20);
            means[g] = 1000.0 / (1 << (2 * g)) * (0.5 + random.NextDouble());
            double decay = 0.75 + (0.2 * random.NextDouble());
            int full = Math.Min(d, sizes[g]);
            double[] eigenvalues = new double[full];
            double level = means[g] * sizes[g];
            for (int k = 0; k < full; k++)
            {
                eigenvalues[k] = level;
                level *= decay;
            }

            spectra[g] = new GroupSpectrum(eigenvalues, eigenvalues.Sum());
        }

        RankAllocationRequest plain = Allocations.Request(sizes, means, [d], 4 * 8 * (sizes.Sum() + (groups * d)));
        RankAllocationRequest request = WithSpectra(plain, spectra);

        RankAllocation byRule = Allocate(request, ("allocation", "frequency"));
        RankAllocation bySpectrum = Allocate(request, ("allocation", "spectrum"));

        Assert.True(Allocations.TotalBytes(request, bySpectrum) <= request.Budget);
        Assert.True(Error(request, bySpectrum) <= Error(request, byRule), $"spectrum {Error(request, bySpectrum)} > rule {Error(request, byRule)}");
    }

    [Fact]
    public void Without_spectra_the_allocation_says_the_host_must_provide_them()
    {
        RankAllocationRequest request = Allocations.Request([20], [1], [10], 600);

        ArgumentException error = Assert.Throws<ArgumentException>(() => Allocate(request, ("allocation", "spectrum")));

        Assert.Contains("contract 1.2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spectrum_reads_the_error_of_every_rank_from_its_tail()
    {
        var spectrum = new GroupSpectrum([4, 2, 1], 8);

        Assert.Equal([8, 4, 2, 1, 1], Enumerable.Range(0, 5).Select(spectrum.ErrorAt));
        Assert.Equal(3, spectrum.MaximumRank);
    }

    [Fact]
    public void Round_off_in_a_spectrum_never_makes_a_step_gain_less_than_nothing()
    {
        // A solver's eigenvalues may come back slightly negative or out of order; the spectrum clamps them.
        var spectrum = new GroupSpectrum([3, 3.0000001, -1e-9], 6);

        Assert.Equal([3, 3, 0], spectrum.Eigenvalues);
        Assert.Equal(0, spectrum.ErrorAt(3));
    }

    [Fact]
    public void The_frequency_rule_takes_a_power_of_the_mean_frequency()
    {
        // Means 16, 4, 1 with power 0.5 weigh 4, 2, 1; 100 rows each, d = 50: a step costs 600 bytes.
        // r_min = 2 gives ranks 8, 4, 2 = 8,400 bytes; the 100 left buy nothing.
        RankAllocationRequest request = Allocations.Request([100, 100, 100], [16, 4, 1], [50], 8_500);

        RankAllocation allocation = Allocate(request, ("allocation", "frequency"), ("power", "0.5"));

        Assert.Equal([GroupRank.LowRank(8), GroupRank.LowRank(4), GroupRank.LowRank(2)], allocation.Ranks[0]);
        Assert.Contains(allocation.Notes, n => n.Contains("to the power 0.5", StringComparison.Ordinal));
    }
}
