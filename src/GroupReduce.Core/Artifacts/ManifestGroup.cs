namespace GroupReduce.Core.Artifacts;

/// <summary>One group of a matrix. Its rows are the rows the map assigns to it, in increasing order; row <c>k</c> of <c>U</c> (or of the dense block) belongs to the <c>k</c>-th of them.</summary>
/// <param name="Index">The group index.</param>
/// <param name="Rows">How many rows it has.</param>
/// <param name="Kind"><c>empty</c>, <c>dense</c> or <c>lowrank</c>.</param>
/// <param name="Rank">The rank (the column count for dense, 0 for empty).</param>
/// <param name="U">For lowrank: <c>U_g</c> (rows x rank) in parts.</param>
/// <param name="V">For lowrank: <c>V_g</c> (columns x rank) in parts; a row is reconstructed as <c>u · Vᵀ</c>.</param>
/// <param name="Dense">For dense: the rows (rows x columns) in parts.</param>
public sealed record ManifestGroup(int Index, long Rows, string Kind, int Rank, IReadOnlyList<ManifestPart>? U, IReadOnlyList<ManifestPart>? V, IReadOnlyList<ManifestPart>? Dense);
