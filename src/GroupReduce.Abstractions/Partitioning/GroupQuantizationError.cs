namespace GroupReduce.Abstractions.Partitioning;

/// <summary>
/// What storing one group of one matrix with one encoding adds to its weighted squared error, measured by the host
/// by encoding the group's own factors: <see cref="ComponentErrors"/>[k] is what encoding the <c>k</c>-th component
/// (column <c>k</c> of <c>U</c> and of <c>V</c>) adds, so rank <c>r</c> adds the first <c>r</c> of them
/// (<see cref="ErrorAt"/>); <see cref="DenseError"/> is what encoding the rows themselves adds. The error of a
/// low-rank group at rank <c>r</c> is then <see cref="GroupSpectrum.ErrorAt"/> plus <see cref="ErrorAt"/>.
/// </summary>
/// <remarks>
/// Added in contract 1.3. The components are measured once, on the group's full-rank factors; at a lower rank a block
/// of columns that shares a scale is shorter, which the report's measured error (of what is stored) shows.
/// </remarks>
public sealed class GroupQuantizationError
{
    private readonly double[] _prefix;

    /// <summary>Creates the measurement.</summary>
    /// <param name="componentErrors">What each leading component adds, in order; not negative. Only ranks up to their count can be chosen with this encoding.</param>
    /// <param name="denseError">What encoding the group's rows as they are adds; not negative.</param>
    public GroupQuantizationError(IReadOnlyList<double> componentErrors, double denseError)
    {
        ArgumentNullException.ThrowIfNull(componentErrors);
        if (!double.IsFinite(denseError) || denseError < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denseError), denseError, "the dense error must be finite and not negative");
        }

        var values = new double[componentErrors.Count];
        _prefix = new double[values.Length + 1];
        for (int k = 0; k < values.Length; k++)
        {
            double value = componentErrors[k];
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException($"component error {k} is {value}; it must be finite and not negative", nameof(componentErrors));
            }

            values[k] = value;
            _prefix[k + 1] = _prefix[k] + value;
        }

        ComponentErrors = values;
        DenseError = denseError;
    }

    /// <summary>What encoding each leading component adds.</summary>
    public IReadOnlyList<double> ComponentErrors { get; }

    /// <summary>What encoding the group's rows as they are adds.</summary>
    public double DenseError { get; }

    /// <summary>The highest rank measured: low-rank storage with this encoding goes up to it.</summary>
    public int MaximumRank => ComponentErrors.Count;

    /// <summary>What encoding a rank-<paramref name="rank"/> product adds: the first <paramref name="rank"/> component errors.</summary>
    /// <param name="rank">From 0 to <see cref="MaximumRank"/>.</param>
    /// <returns>The added error.</returns>
    public double ErrorAt(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, MaximumRank);
        return _prefix[rank];
    }
}
