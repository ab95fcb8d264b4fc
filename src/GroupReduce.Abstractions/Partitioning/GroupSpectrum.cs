namespace GroupReduce.Abstractions.Partitioning;

/// <summary>
/// The weighted spectrum of one group of one matrix: every eigenvalue of <c>A_gᵀ diag(w) A_g</c>, descending,
/// and the group's total weighted energy. The group's weighted squared error at rank <c>r</c> is the sum of the
/// eigenvalues after the first <c>r</c> (<see cref="ErrorAt"/>), so a partitioner can read the error of every
/// rank before choosing one. Because the eigenvalues are sorted, each rank step gains no more than the one
/// before it.
/// </summary>
/// <remarks>Added in contract 1.2.</remarks>
public sealed class GroupSpectrum
{
    private readonly double[] _tail;

    /// <summary>Creates a spectrum.</summary>
    /// <param name="eigenvalues">The eigenvalues, descending and not negative; <c>min(d, n_g)</c> of them (fewer when the host caps the rank).</param>
    /// <param name="totalEnergy"><c>Σ w_i ‖a_i‖²</c> over the group's rows.</param>
    public GroupSpectrum(IReadOnlyList<double> eigenvalues, double totalEnergy)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (!double.IsFinite(totalEnergy) || totalEnergy < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalEnergy), totalEnergy, "the total energy must be finite and not negative");
        }

        var values = new double[eigenvalues.Count];
        for (int k = 0; k < values.Length; k++)
        {
            double value = eigenvalues[k];
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"eigenvalue {k} is not finite", nameof(eigenvalues));
            }

            // Round-off leaves tiny negative eigenvalues and small inversions; clamp so every step gains ≥ 0 and gains fall.
            values[k] = Math.Max(0, k > 0 ? Math.Min(value, values[k - 1]) : value);
        }

        Eigenvalues = values;
        TotalEnergy = totalEnergy;
        _tail = new double[values.Length + 1];
        double captured = 0;
        for (int k = 0; k <= values.Length; k++)
        {
            _tail[k] = Math.Max(0, totalEnergy - captured);
            if (k < values.Length)
            {
                captured += values[k];
            }
        }
    }

    /// <summary>The eigenvalues, descending, not negative.</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary><c>Σ w_i ‖a_i‖²</c> over the group's rows: the error at rank 0.</summary>
    public double TotalEnergy { get; }

    /// <summary>
    /// What each of <see cref="RankAllocationRequest.Encodings"/> adds to the group's error, in the request's order;
    /// <see langword="null"/> when the request offers no encodings to choose from.
    /// </summary>
    /// <remarks>Added in contract 1.3.</remarks>
    public IReadOnlyList<GroupQuantizationError>? Quantization { get; init; }

    /// <summary>The largest rank the spectrum describes.</summary>
    public int MaximumRank => Eigenvalues.Count;

    /// <summary>The group's weighted squared error with its best rank-<paramref name="rank"/> basis: the energy the top <paramref name="rank"/> eigenvalues leave.</summary>
    /// <param name="rank">From 0 to <see cref="MaximumRank"/>; larger ranks give the error at <see cref="MaximumRank"/>.</param>
    /// <returns>The error, never negative.</returns>
    public double ErrorAt(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        return _tail[Math.Min(rank, _tail.Length - 1)];
    }
}
