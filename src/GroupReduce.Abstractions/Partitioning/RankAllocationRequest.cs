namespace GroupReduce.Abstractions.Partitioning;

/// <summary>What a partitioner gets to choose the rank of every group of every matrix within a budget (bytes, or stored values for a <c>parameters:</c> budget: see <see cref="Unit"/>).</summary>
public sealed class RankAllocationRequest
{
    /// <summary>Creates a request whose budget is in bytes (the contract 1.0 form).</summary>
    /// <param name="frequencies">One positive frequency per row.</param>
    /// <param name="assignment">The group of each row, from 0 to <paramref name="groupCount"/> − 1.</param>
    /// <param name="groupCount">The number of groups.</param>
    /// <param name="matrixColumns">The column count of every matrix that shares the grouping.</param>
    /// <param name="budgetBytes">Bytes available for all the groups' factors of all the matrices.</param>
    /// <param name="cost">The exact storage cost of a factor tensor, in bytes.</param>
    public RankAllocationRequest(
        ReadOnlyMemory<double> frequencies,
        ReadOnlyMemory<int> assignment,
        int groupCount,
        IReadOnlyList<int> matrixColumns,
        long budgetBytes,
        IStorageCost cost)
        : this(frequencies, assignment, groupCount, matrixColumns, budgetBytes, CostUnit.Bytes, cost)
    {
    }

    /// <summary>Creates the request with its budget in <paramref name="unit"/>.</summary>
    /// <param name="frequencies">One positive frequency per row.</param>
    /// <param name="assignment">The group of each row, from 0 to <paramref name="groupCount"/> − 1.</param>
    /// <param name="groupCount">The number of groups.</param>
    /// <param name="matrixColumns">The column count of every matrix that shares the grouping.</param>
    /// <param name="budget">What all the groups' factors of all the matrices may cost, in <paramref name="unit"/>.</param>
    /// <param name="unit">What <paramref name="budget"/> and <paramref name="cost"/> count: bytes, or stored values for a <c>parameters:</c> budget.</param>
    /// <param name="cost">The exact cost of a factor tensor, in <paramref name="unit"/>.</param>
    /// <remarks>Added in contract 1.1.</remarks>
    public RankAllocationRequest(
        ReadOnlyMemory<double> frequencies,
        ReadOnlyMemory<int> assignment,
        int groupCount,
        IReadOnlyList<int> matrixColumns,
        long budget,
        CostUnit unit,
        IStorageCost cost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        ArgumentNullException.ThrowIfNull(matrixColumns);
        ArgumentNullException.ThrowIfNull(cost);
        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "the unit must be Bytes or Parameters");
        }

        if (frequencies.Length != assignment.Length)
        {
            throw new ArgumentException("frequencies and assignment must have one entry per row", nameof(assignment));
        }

        Frequencies = frequencies;
        Assignment = assignment;
        GroupCount = groupCount;
        MatrixColumns = matrixColumns;
        Budget = budget;
        Unit = unit;
        Cost = cost;
    }

    /// <summary>One positive frequency per row.</summary>
    public ReadOnlyMemory<double> Frequencies { get; }

    /// <summary>The group of each row.</summary>
    public ReadOnlyMemory<int> Assignment { get; }

    /// <summary>The number of groups.</summary>
    public int GroupCount { get; }

    /// <summary>The column count of every matrix that shares the grouping.</summary>
    public IReadOnlyList<int> MatrixColumns { get; }

    /// <summary>What the factors may cost, in <see cref="Unit"/>: bytes, or stored values for a <c>parameters:</c> budget.</summary>
    /// <remarks>Added in contract 1.1.</remarks>
    public long Budget { get; }

    /// <summary>What <see cref="Budget"/>, <see cref="Cost"/> and <see cref="GroupCost"/> count, as the spec gave the budget.</summary>
    /// <remarks>Added in contract 1.1. A request made with the contract 1.0 constructor counts <see cref="CostUnit.Bytes"/>.</remarks>
    public CostUnit Unit { get; }

    /// <summary>
    /// <c>Spectra[m][g]</c>: the weighted spectrum of group <c>g</c> of matrix <c>m</c> for this request's grouping
    /// (<see langword="null"/> for an empty group), with as many eigenvalues as the group can have
    /// (<c>min(columns, rows)</c>). Set only for an <see cref="ISpectrumPartitioner"/> whose <see cref="ISpectrumPartitioner.UsesSpectra"/> is true.
    /// </summary>
    /// <remarks>Added in contract 1.2.</remarks>
    public IReadOnlyList<IReadOnlyList<GroupSpectrum?>>? Spectra { get; init; }

    /// <summary>
    /// The encodings a group may be stored with (<c>quantizer: auto</c>), each with its exact cost; a group's choice is
    /// <see cref="GroupRank.Encoding"/>. <see langword="null"/> when the spec names one quantizer: then every group uses
    /// <see cref="Cost"/> and <see cref="GroupRank.Encoding"/> must be 0. Set only for an <see cref="ISpectrumPartitioner"/>
    /// whose <see cref="ISpectrumPartitioner.ChoosesEncodings"/> is true; each spectrum then carries the measured
    /// <see cref="GroupSpectrum.Quantization"/> of every encoding.
    /// </summary>
    /// <remarks>Added in contract 1.3. <see cref="Cost"/> is then the first encoding's.</remarks>
    public IReadOnlyList<EncodingChoice>? Encodings { get; init; }

    /// <summary>The budget, which counts bytes only when <see cref="Unit"/> is <see cref="CostUnit.Bytes"/>.</summary>
    [Obsolete("Use Budget with Unit: for a 'parameters:' budget this counts stored values, not bytes. BudgetBytes will be removed in contract 2.0.")]
    public long BudgetBytes => Budget;

    /// <summary>The cost of a factor tensor, in <see cref="Unit"/> (for a <c>parameters:</c> budget the host's cost counts values).</summary>
    public IStorageCost Cost { get; }

    /// <summary>
    /// What one group costs, in <see cref="Unit"/>: dense (<c>rows x columns</c>) or low-rank (<c>U</c>: <c>rows x rank</c>
    /// plus <c>V</c>: <c>columns x rank</c>), with the group's encoding (contract 1.3). An empty group or rank 0 costs nothing.
    /// </summary>
    /// <param name="rows">The group's row count.</param>
    /// <param name="columns">The matrix's column count.</param>
    /// <param name="rank">The group's storage.</param>
    /// <returns>The cost in <see cref="Unit"/>.</returns>
    /// <remarks>Added in contract 1.1.</remarks>
    public long GroupCost(long rows, int columns, GroupRank rank)
    {
        if (rows == 0 || (!rank.Dense && rank.Rank == 0))
        {
            return 0;
        }

        IStorageCost cost = CostOf(rank.Encoding);
        return rank.Dense
            ? cost.TensorBytes(rows, columns)
            : cost.TensorBytes(rows, rank.Rank) + cost.TensorBytes(columns, rank.Rank);
    }

    /// <summary>The cost of a factor tensor stored with encoding <paramref name="encoding"/> (<see cref="Cost"/> when the request offers no encodings).</summary>
    /// <param name="encoding">An index into <see cref="Encodings"/>, or 0.</param>
    /// <returns>The cost.</returns>
    /// <remarks>Added in contract 1.3.</remarks>
    public IStorageCost CostOf(int encoding)
    {
        int count = Encodings?.Count ?? 1;
        if ((uint)encoding >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, Encodings is null ? "the request offers no encodings, so every group's encoding is 0" : $"the request offers {count} encodings (0 to {count - 1})");
        }

        return Encodings is { } encodings ? encodings[encoding].Cost : Cost;
    }

    /// <summary>What one group costs, which is bytes only when <see cref="Unit"/> is <see cref="CostUnit.Bytes"/>.</summary>
    /// <param name="rows">The group's row count.</param>
    /// <param name="columns">The matrix's column count.</param>
    /// <param name="rank">The group's storage.</param>
    /// <returns>The cost in <see cref="Unit"/>.</returns>
    [Obsolete("Use GroupCost: for a 'parameters:' budget this counts stored values, not bytes. GroupBytes will be removed in contract 2.0.")]
    public long GroupBytes(long rows, int columns, GroupRank rank) => GroupCost(rows, columns, rank);
}
