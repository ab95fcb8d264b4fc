namespace GroupReduce.Runtime.Storage;

/// <summary>One group of a grouped matrix, with the matrix rows that belong to it in increasing order.</summary>
/// <param name="Index">The group index.</param>
/// <param name="Kind">How its rows are stored.</param>
/// <param name="Rank">The rank (low-rank groups).</param>
/// <param name="Rows">The matrix rows of the group, increasing; row <c>k</c> of <see cref="Stored"/> is <c>Rows[k]</c>.</param>
/// <param name="Stored">The <c>u</c> block (low-rank) or the rows (dense); null when empty.</param>
/// <param name="VTransposed">
/// Low-rank: <c>V_gᵀ</c> decoded, rank x columns row-major (small, kept in memory). Transposed so that both
/// <c>t = V_gᵀ x</c> (one dot product of length columns per rank) and a row <c>Σ_r u_r · V_gᵀ[r]</c> run over
/// contiguous memory.
/// </param>
internal sealed record MatrixGroup(int Index, GroupKind Kind, int Rank, int[] Rows, FactorBlock? Stored, float[]? VTransposed);
