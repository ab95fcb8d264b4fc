using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Pipeline;

/// <summary>What one method produced: the stored matrices, their groupings, and how long it took.</summary>
internal sealed class MethodResult
{
    public required CompressionMethod Method { get; init; }

    public required IReadOnlyList<StoredMatrix> Matrices { get; init; }

    public required IReadOnlyList<PartitionResult> Partitions { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Whether this is only a plan (dry run): no factors, no errors.</summary>
    public bool IsPlan { get; init; }

    /// <summary>Bytes of everything that replaces the matrices: their tensors plus the maps.</summary>
    public long Bytes => IsPlan
        ? Partitions.Sum(p => p.PlannedBytes + p.MapBytes)
        : Matrices.Sum(m => m.Bytes) + Partitions.Sum(p => p.MapBytes);
}
