namespace GroupReduce.Core.Artifacts;

/// <summary>One compressed matrix.</summary>
/// <param name="Tensor">The input tensor's name.</param>
/// <param name="Tied">Other input tensors that held the same values; a reader restores them from this one.</param>
/// <param name="Rows">Rows (vocabulary size).</param>
/// <param name="Columns">Columns.</param>
/// <param name="OriginalDtype">The input's element type.</param>
/// <param name="Storage"><c>groups</c> or <c>sparse</c>.</param>
/// <param name="Partition">For grouped storage with more than one group: the partition whose map gives each row's group; null means every row is in group 0.</param>
/// <param name="Groups">For grouped storage: the groups in index order.</param>
/// <param name="Sparse">For sparse storage: its tensors.</param>
/// <param name="Transposed">True when the input tensor is stored <c>[columns, rows]</c> (a <c>[d, V]</c> weight); absent otherwise.</param>
public sealed record ManifestMatrix(
    string Tensor,
    IReadOnlyList<string> Tied,
    long Rows,
    int Columns,
    string OriginalDtype,
    string Storage,
    string? Partition,
    IReadOnlyList<ManifestGroup> Groups,
    ManifestSparse? Sparse,
    bool? Transposed = null);
