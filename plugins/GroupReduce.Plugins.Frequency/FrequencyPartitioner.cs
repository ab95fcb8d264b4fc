using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency;

/// <summary>Groups rows by frequency (step 1) and allocates ranks by mean group frequency or by the groups' measured spectra (step 2).</summary>
internal sealed class FrequencyPartitioner : ISpectrumPartitioner
{
    public FrequencyPartitioner(SplitMode split, AllocationMode allocation, int minRank, double power)
    {
        Split = split;
        Allocation = allocation;
        MinRank = minRank;
        Power = power;
    }

    public SplitMode Split { get; }

    public AllocationMode Allocation { get; }

    public int MinRank { get; }

    /// <summary>The exponent <c>p</c> of <c>allocation: frequency</c>'s rule, <c>r ∝ f̄^p</c>.</summary>
    public double Power { get; }

    /// <inheritdoc />
    public bool UsesSpectra => Allocation == AllocationMode.Spectrum;

    /// <inheritdoc />
    /// <remarks>Spectrum allocation weighs each encoding's cost against the error it adds, so it chooses them; the frequency and uniform rules do not read errors.</remarks>
    public bool ChoosesEncodings => Allocation == AllocationMode.Spectrum;

    public int[] Partition(PartitionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReadOnlySpan<double> frequencies = request.Frequencies.Span;
        FrequencyCheck.ThrowIfInvalid(frequencies);
        if (request.GroupCount > frequencies.Length)
        {
            throw new GroupReduceException(
                ErrorCodes.ImpossibleRank,
                FormattableString.Invariant($"{request.GroupCount:N0} groups were asked for, but the vocabulary has only {frequencies.Length:N0} rows and every group needs at least one; ")
                + FormattableString.Invariant($"use at most {frequencies.Length:N0} groups"));
        }

        int[] order = FrequencyOrder.Descending(frequencies);
        int[] ends = GroupSplit.Ends(Split, frequencies, order, request.GroupCount);
        int[] assignment = new int[frequencies.Length];
        int start = 0;
        for (int g = 0; g < ends.Length; g++)
        {
            for (int position = start; position < ends[g]; position++)
            {
                assignment[order[position]] = g;
            }

            start = ends[g];
        }

        return assignment;
    }

    public RankAllocation AllocateRanks(RankAllocationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MatrixColumns.Count == 0)
        {
            throw new ArgumentException("rank allocation needs at least one matrix", nameof(request));
        }

        foreach (int columns in request.MatrixColumns)
        {
            if (columns < 1)
            {
                throw new ArgumentException($"every matrix needs at least one column; got {columns}", nameof(request));
            }
        }

        FrequencyCheck.ThrowIfInvalid(request.Frequencies.Span);
        return Allocation == AllocationMode.Spectrum
            ? new SpectrumAllocator(request, MinRank).Allocate()
            : new RankAllocator(request, Allocation, MinRank, Power).Allocate();
    }
}
