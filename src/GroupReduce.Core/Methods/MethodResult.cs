using GroupReduce.Core.Spec;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.Methods;

/// <summary>What one method produced: the stored matrices, their groupings, and how long it took.</summary>
internal sealed class MethodResult
{
    public required CompressionMethod Method { get; init; }

    /// <summary>How the report names the result: the method, with the partition mode when both were compared.</summary>
    public string Label { get; init; } = string.Empty;

    public required IReadOnlyList<StoredMatrix> Matrices { get; init; }

    public required IReadOnlyList<PartitionResult> Partitions { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Whether this is only a plan (dry run): no factors, no errors.</summary>
    public bool IsPlan { get; init; }

    /// <summary>The total frequency-weighted relative error over all the matrices.</summary>
    public double WeightedRelativeError => Matrices.Aggregate(default(Abstractions.Solving.ReconstructionError), (sum, m) => sum + m.Error).WeightedRelative;

    /// <summary>The same result under another name.</summary>
    public MethodResult Labelled(string label) => new()
    {
        Method = Method,
        Label = label,
        Matrices = Matrices,
        Partitions = Partitions,
        Seconds = Seconds,
        IsPlan = IsPlan,
    };

    /// <summary>Bytes of everything that replaces the matrices: their tensors plus the maps.</summary>
    public long Bytes => IsPlan
        ? Partitions.Sum(p => p.PlannedBytes + p.MapBytes)
        : Matrices.Sum(m => m.Bytes) + Partitions.Sum(p => p.MapBytes);
}
