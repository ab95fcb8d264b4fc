namespace GroupReduce.Abstractions.Partitioning;

/// <summary>
/// A partitioner that may allocate ranks from the groups' measured spectra. When <see cref="UsesSpectra"/> is
/// true, the host computes every group's weighted spectrum with the solver before each allocation and passes them
/// in <see cref="RankAllocationRequest.Spectra"/>; otherwise it spares that work and the property is null.
/// </summary>
/// <remarks>Added in contract 1.2. A partitioner built against an earlier contract never receives spectra.</remarks>
public interface ISpectrumPartitioner : IPartitioner
{
    /// <summary>Whether <see cref="IPartitioner.AllocateRanks"/> reads <see cref="RankAllocationRequest.Spectra"/>.</summary>
    bool UsesSpectra { get; }

    /// <summary>
    /// Whether <see cref="IPartitioner.AllocateRanks"/> chooses each group's encoding (<see cref="GroupRank.Encoding"/>)
    /// from <see cref="RankAllocationRequest.Encodings"/> and the measured <see cref="GroupSpectrum.Quantization"/>.
    /// The host offers several encodings (<c>quantizer: auto</c>) only to a partitioner that does, and spectra must
    /// be on too. False unless implemented.
    /// </summary>
    /// <remarks>Added in contract 1.3.</remarks>
    bool ChoosesEncodings => false;
}
