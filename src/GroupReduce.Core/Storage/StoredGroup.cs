using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.Storage;

/// <summary>One group of one matrix as stored, with the error of what is stored.</summary>
internal sealed class StoredGroup
{
    public required int Index { get; init; }

    public required long Rows { get; init; }

    public required GroupStorageKind Kind { get; init; }

    /// <summary>The rank (the column count for dense groups, 0 for empty ones).</summary>
    public required int Rank { get; init; }

    /// <summary>The encoding <c>quantizer: auto</c> chose for the group (its label), or null when the spec names one quantizer.</summary>
    public string? Encoding { get; init; }

    public StoredBlock? U { get; init; }

    public StoredBlock? V { get; init; }

    public StoredBlock? Dense { get; init; }

    public required ReconstructionError Error { get; init; }

    /// <summary>The mean frequency of the group's rows (raw counts).</summary>
    public required double MeanFrequency { get; init; }

    public long Bytes => (U?.Bytes ?? 0) + (V?.Bytes ?? 0) + (Dense?.Bytes ?? 0);
}
