namespace GroupReduce.Runtime.Storage;

/// <summary>One group of a grouped matrix, with the matrix rows that belong to it in increasing order.</summary>
/// <param name="Index">The group index.</param>
/// <param name="Kind">How its rows are stored.</param>
/// <param name="Rank">The rank (low-rank groups).</param>
/// <param name="Rows">The matrix rows of the group, increasing; row <c>k</c> of <see cref="Stored"/> is <c>Rows[k]</c>.</param>
/// <param name="Stored">The <c>u</c> block (low-rank) or the rows (dense); null when empty.</param>
/// <param name="V">Low-rank: <c>V_g</c> decoded, columns x rank row-major (small, kept in memory).</param>
internal sealed record MatrixGroup(int Index, GroupKind Kind, int Rank, int[] Rows, FactorBlock? Stored, float[]? V);
