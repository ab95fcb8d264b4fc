using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Plugins.Quantizers;

namespace GroupReduce.Plugins.Frequency.Tests;

/// <summary>Spectrum allocation choosing each group's encoding under <c>quantizer: auto</c> (plugin contract 1.3).</summary>
public class EncodingAllocationTests
{
    // f32 costs 4 bytes a value, int8 one: a quarter of the cost for the error int8 adds.
    private static readonly EncodingChoice F32 = new("f32", new ValueCost(4));
    private static readonly EncodingChoice Int8 = new("int8", new ValueCost(1));

    // Both groups (20 rows, d = 10) share a spectrum; int8 costs group A much more error than its rank steps gain
    // (3 a component, 20 dense) and group B little (0.01 a component, 0.02 dense). f32 adds nothing.
    private static readonly double[] Eigenvalues = [10, 5, 2, 1, 0.5];
    private static readonly GroupQuantizationError Exact = new(new double[10], 0);
    private static readonly GroupQuantizationError CoarseA = new(Enumerable.Repeat(3.0, 10).ToArray(), 20);
    private static readonly GroupQuantizationError FineB = new(Enumerable.Repeat(0.01, 10).ToArray(), 0.02);

    private static RankAllocation Allocate(RankAllocationRequest request, params (string Key, string Value)[] options) =>
        Partitioners.Create(options).AllocateRanks(request);

    /// <summary>The request with spectra and, when <paramref name="encodings"/> is given, those encodings (the request's own cost is then the first's, as the host sets it).</summary>
    private static RankAllocationRequest With(RankAllocationRequest plain, EncodingChoice[]? encodings, params GroupSpectrum?[][] spectra) =>
        new(plain.Frequencies, plain.Assignment, plain.GroupCount, plain.MatrixColumns, plain.Budget, plain.Unit, encodings?[0].Cost ?? plain.Cost)
        {
            Spectra = spectra,
            Encodings = encodings,
        };

    /// <summary>Groups A and B with the quantization errors of <paramref name="chosen"/> (indices into f32, int8).</summary>
    private static RankAllocationRequest TwoGroups(long budget, params int[] chosen)
    {
        EncodingChoice[] all = [F32, Int8];
        GroupQuantizationError[] a = [Exact, CoarseA];
        GroupQuantizationError[] b = [Exact, FineB];
        return With(
            Allocations.Request([20, 20], [1, 1], [10], budget),
            [.. chosen.Select(e => all[e])],
            [
                new GroupSpectrum(Eigenvalues, 18.5) { Quantization = [.. chosen.Select(e => a[e])] },
                new GroupSpectrum(Eigenvalues, 18.5) { Quantization = [.. chosen.Select(e => b[e])] },
            ]);
    }

    /// <summary>The weighted error an allocation leaves, spectrum tail plus what each group's encoding adds, computed from the request alone.</summary>
    private static double Error(RankAllocationRequest request, RankAllocation allocation)
    {
        double error = 0;
        for (int m = 0; m < request.MatrixColumns.Count; m++)
        {
            for (int g = 0; g < request.GroupCount; g++)
            {
                GroupRank rank = allocation.Ranks[m][g];
                if (request.Spectra![m][g] is not { } spectrum)
                {
                    continue;
                }

                GroupQuantizationError? added = request.Encodings is null ? null : spectrum.Quantization![rank.Encoding];
                error += rank.Dense ? added?.DenseError ?? 0 : spectrum.ErrorAt(rank.Rank) + (added?.ErrorAt(rank.Rank) ?? 0);
            }
        }

        return error;
    }

    [Fact]
    public void The_partitioner_chooses_encodings_only_for_spectrum_allocation_which_is_the_default()
    {
        Assert.True(Assert.IsAssignableFrom<ISpectrumPartitioner>(Partitioners.Create()).ChoosesEncodings);
        Assert.True(Assert.IsAssignableFrom<ISpectrumPartitioner>(Partitioners.Create(("allocation", "spectrum"))).ChoosesEncodings);
        Assert.False(Assert.IsAssignableFrom<ISpectrumPartitioner>(Partitioners.Create(("allocation", "frequency"))).ChoosesEncodings);
        Assert.False(Assert.IsAssignableFrom<ISpectrumPartitioner>(Partitioners.Create(("allocation", "uniform"))).ChoosesEncodings);
    }

    [Fact]
    public void Without_encodings_the_ranks_and_notes_are_those_of_contract_1_2()
    {
        // Expectations recorded with the allocator before encodings (commit 4ca44ff): three groups, two matrices
        // (d = 6 and 12), 4 bytes a value, min_rank 2. Groups 1 and 2 end dense in both matrices.
        RankAllocationRequest request = With(
            Allocations.Request([30, 12, 3], [50, 5, 1], [6, 12], 2_600),
            null,
            [new GroupSpectrum([9, 4, 3, 1, 0.5, 0.1], 18), new GroupSpectrum([6, 2, 0.5, 0.5, 0, 0], 9.5), new GroupSpectrum([2, 1, 1], 4)],
            [new GroupSpectrum([20, 8, 6, 4, 2, 1, 1, 0.5, 0.25, 0.1, 0, 0], 43), new GroupSpectrum([5, 4, 3, 2, 1, 1, 0.5, 0.5, 0, 0, 0, 0], 17), new GroupSpectrum([3, 1, 0.5], 4.5)]);

        RankAllocation allocation = Allocate(request, ("min_rank", "2"));

        Assert.Equal([GroupRank.LowRank(4), GroupRank.DenseOf(6), GroupRank.DenseOf(6)], allocation.Ranks[0]);
        Assert.Equal([GroupRank.LowRank(5), GroupRank.DenseOf(12), GroupRank.DenseOf(12)], allocation.Ranks[1]);
        Assert.All(allocation.Ranks.SelectMany(r => r), r => Assert.Equal(0, r.Encoding));
        Assert.Equal(
            [
                "spectrum allocation (rank where it removes the most weighted error per byte, min_rank 2): predicted weighted error 4.167% before refinement",
                "bytes used: 2,496 of a 2,600-byte budget (96.00%)",
                "4 of 6 groups (all matrices) stored dense; 10 allocation steps",
                "matrix 0 (6 columns): low-rank groups have ranks 4 to 4",
                "matrix 1 (12 columns): low-rank groups have ranks 5 to 5",
            ],
            allocation.Notes);
    }

    [Fact]
    public void A_cheaper_encoding_is_used_where_it_lowers_the_error_and_not_where_it_adds_more_than_it_saves()
    {
        // 480 bytes hold f32 rank 2 in both groups (error 3.5 + 3.5). With int8 offered, B takes int8 rank 4
        // (120 bytes, error 0.5 + 0.04) and A, whose int8 error is large, the f32 rank 3 the saving pays for
        // (360 bytes, error 1.5): 480 bytes exactly, error 2.04.
        RankAllocationRequest request = TwoGroups(480, 0, 1);

        RankAllocation allocation = Allocate(request);

        Assert.Equal([GroupRank.LowRank(3), GroupRank.LowRank(4) with { Encoding = 1 }], allocation.Ranks[0]);
        Assert.Equal(480, Allocations.TotalBytes(request, allocation));
        Assert.Equal(2.04, Error(request, allocation), 12);
        Assert.Contains("spectrum allocation (rank and encoding where they remove the most weighted error per byte, min_rank 1): predicted weighted error 5.514% (quantization included) before refinement", allocation.Notes);
        Assert.Contains("encodings: f32 1 group, int8 1 (all matrices)", allocation.Notes);
    }

    [Fact]
    public void At_equal_bytes_offering_both_encodings_leaves_no_more_error_than_either_alone()
    {
        RankAllocationRequest both = TwoGroups(480, 0, 1);
        RankAllocationRequest f32 = TwoGroups(480, 0);
        RankAllocationRequest int8 = TwoGroups(480, 1);

        double withBoth = Error(both, Allocate(both));
        double withF32 = Error(f32, Allocate(f32));
        double withInt8 = Error(int8, Allocate(int8));

        // f32 alone: rank 2 in both groups. int8 alone: A stops at rank 2 (9.5; more ranks add more than they
        // gain) and B goes dense (0.02), using only 260 of the 480 bytes.
        Assert.Equal(7, withF32, 12);
        Assert.Equal(9.52, withInt8, 12);
        Assert.Equal(2.04, withBoth, 12);
    }

    [Fact]
    public void With_one_encoding_offered_the_allocation_matches_the_plain_one_when_it_adds_no_error()
    {
        // f32 adds nothing, so offering it alone must give contract 1.2's ranks (the dense option is priced the same).
        RankAllocationRequest offered = TwoGroups(600, 0);
        RankAllocationRequest plain = With(Allocations.Request([20, 20], [1, 1], [10], 600), null, [new GroupSpectrum(Eigenvalues, 18.5), new GroupSpectrum(Eigenvalues, 18.5)]);

        Assert.Equal(Allocate(plain).Ranks[0], Allocate(offered).Ranks[0]);
    }

    [Fact]
    public void The_floor_and_GR4001_count_each_group_at_its_cheapest_encoding()
    {
        // Rank 1 costs 120 bytes in f32 and 30 in int8: two groups need 60 bytes at least, not 240.
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Allocate(TwoGroups(59, 0, 1)));

        Assert.Equal(ErrorCodes.BudgetTooSmall, error.Code);
        Assert.Equal(
            "the budget of 59 bytes is too small for 2 groups of 1 matrices: rank 1 in every group (dense where that is smaller, each group with its cheapest encoding) needs at least 60 bytes; raise the budget to at least 60 bytes, use fewer groups",
            error.Message);

        RankAllocation floor = Allocate(TwoGroups(60, 0, 1));
        Assert.Equal([GroupRank.LowRank(1) with { Encoding = 1 }, GroupRank.LowRank(1) with { Encoding = 1 }], floor.Ranks[0]);
        Assert.Throws<GroupReduceException>(() => Allocate(TwoGroups(239, 0)));
    }

    [Fact]
    public void Without_encodings_every_group_keeps_encoding_0_and_no_encoding_note()
    {
        RankAllocationRequest request = With(Allocations.Request([20, 20], [1, 1], [10], 600), null, [new GroupSpectrum(Eigenvalues, 18.5), new GroupSpectrum(Eigenvalues, 18.5) { Quantization = [FineB] }]);

        RankAllocation allocation = Allocate(request);

        Assert.All(allocation.Ranks[0], r => Assert.Equal(0, r.Encoding));
        Assert.DoesNotContain(allocation.Notes, n => n.StartsWith("encodings:", StringComparison.Ordinal));
    }

    [Fact]
    public void Ranks_with_an_encoding_stop_at_the_rank_it_was_measured_to()
    {
        // int8 measured to rank 2 only: B cannot take int8 rank 4 as above, so it stops at int8 rank 2 or moves on.
        var shortFine = new GroupQuantizationError([0.01, 0.01], 0.02);
        RankAllocationRequest request = With(
            Allocations.Request([20], [1], [10], 120),
            [F32, Int8],
            [new GroupSpectrum(Eigenvalues, 18.5) { Quantization = [Exact, shortFine] }]);

        RankAllocation allocation = Allocate(request);

        // int8 rank 2 (60 bytes, 3.52) cannot go higher in int8; dense int8 (200) and f32 rank 1 (8.5) do not help.
        Assert.Equal([GroupRank.LowRank(2) with { Encoding = 1 }], allocation.Ranks[0]);
    }

    [Fact]
    public void Spectra_without_the_offered_encodings_errors_are_an_argument_error()
    {
        RankAllocationRequest missing = With(
            Allocations.Request([20, 20], [1, 1], [10], 600),
            [F32, Int8],
            [new GroupSpectrum(Eigenvalues, 18.5) { Quantization = [Exact, FineB] }, new GroupSpectrum(Eigenvalues, 18.5)]);
        RankAllocationRequest short1 = With(
            Allocations.Request([20], [1], [10], 600),
            [F32, Int8],
            [new GroupSpectrum(Eigenvalues, 18.5) { Quantization = [Exact] }]);

        ArgumentException none = Assert.Throws<ArgumentException>(() => Allocate(missing));
        ArgumentException one = Assert.Throws<ArgumentException>(() => Allocate(short1));

        Assert.Contains("offers 2 encodings", none.Message, StringComparison.Ordinal);
        Assert.Contains("group 1 of matrix 0 carries no quantization errors", none.Message, StringComparison.Ordinal);
        Assert.Contains("carries quantization errors for 1", one.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 150_000)]
    [InlineData(2, 300_000)]
    [InlineData(3, 600_000)]
    [InlineData(4, 1_200_000)]
    public void With_real_quantizer_costs_the_budget_holds_and_the_error_is_no_worse_than_any_single_encoding(int seed, long budget)
    {
        // f16, int8 and int4 with the quantizers' exact byte costs; each encoding's component error grows as its
        // bits shrink (about 4⁻ᵇⁱᵗˢ of the component's energy, as rounding noise does), dense likewise.
        EncodingChoice[] encodings =
        [
            new("f16", Cost(new FloatQuantizerFactory(), ("dtype", "f16"))),
            new("int8", Cost(new Int8QuantizerFactory())),
            new("int4", Cost(new Int4QuantizerFactory())),
        ];
        double[] noise = [Math.Pow(4, -11), Math.Pow(4, -7), Math.Pow(4, -3)];
        var random = new Random(seed);
        double[] frequencies = Allocations.Zipf(3000, seed);
        int[] columns = [64, 96];
        IPartitioner partitioner = Partitioners.Create();
        int groups = 12;
        int[] assignment = partitioner.Partition(new PartitionRequest(frequencies, groups, columns));
        long[] rows = new long[groups];
        foreach (int g in assignment)
        {
            rows[g]++;
        }

        var spectra = new GroupSpectrum?[columns.Length][];
        for (int m = 0; m < columns.Length; m++)
        {
            spectra[m] = new GroupSpectrum?[groups];
            for (int g = 0; g < groups; g++)
            {
                int full = (int)Math.Min(columns[m], rows[g]);
                double level = rows[g] * (1 + random.NextDouble());
                double decay = 0.8 + (0.15 * random.NextDouble());
                double[] eigenvalues = new double[full];
                for (int k = 0; k < full; k++)
                {
                    eigenvalues[k] = level;
                    level *= decay;
                }

                double total = eigenvalues.Sum();
                spectra[m][g] = new GroupSpectrum(eigenvalues, total)
                {
                    Quantization = [.. noise.Select(n => new GroupQuantizationError([.. eigenvalues.Select(v => v * n * (0.5 + random.NextDouble()))], total * n))],
                };
            }
        }

        RankAllocationRequest Offer(params int[] chosen) =>
            new(frequencies, assignment, groups, columns, budget, CostUnit.Bytes, encodings[chosen[0]].Cost)
            {
                Spectra = [.. spectra.Select(s => (IReadOnlyList<GroupSpectrum?>)[.. s.Select(x => x is null ? null : new GroupSpectrum(x.Eigenvalues, x.TotalEnergy) { Quantization = [.. chosen.Select(e => x.Quantization![e])] })])],
                Encodings = [.. chosen.Select(e => encodings[e])],
            };

        RankAllocationRequest all = Offer(0, 1, 2);
        RankAllocation allocation = partitioner.AllocateRanks(all);
        double error = Error(all, allocation);

        Assert.True(Allocations.TotalBytes(all, allocation) <= budget);
        for (int e = 0; e < encodings.Length; e++)
        {
            RankAllocationRequest single = Offer(e);
            double alone = Error(single, partitioner.AllocateRanks(single));
            Assert.True(error <= alone, $"all encodings {error} > {encodings[e].Name} alone {alone}");
        }
    }

    private static IStorageCost Cost(IQuantizerFactory factory, params (string Key, string Value)[] options) =>
        factory.Create(SpecOptions.Of(factory.Name, options), SpecOptions.Context());
}
