using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Storage;

/// <summary>A compressed matrix: its groups (or its sparse rows), bytes and errors.</summary>
internal sealed class StoredMatrix
{
    public required ResolvedMatrix Matrix { get; init; }

    public required CompressionMethod Method { get; init; }

    /// <summary>The partition whose map this matrix uses (null for single-group and sparse storage).</summary>
    public string? Partition { get; init; }

    public required IReadOnlyList<StoredGroup> Groups { get; init; }

    public SparseRows? Sparse { get; init; }

    public required ReconstructionError Error { get; init; }

    /// <summary>For pruned matrices: the sparse form's bytes (kept even when the entries themselves are dropped).</summary>
    public long PrunedBytes { get; init; }

    /// <summary>Bytes of the matrix's own tensors (factors, scales, codebooks; not the shared map).</summary>
    public long Bytes => Method == CompressionMethod.Prune ? PrunedBytes : Groups.Sum(g => g.Bytes);
}
