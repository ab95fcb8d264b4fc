namespace GroupReduce.Runtime.Storage;

/// <summary>
/// Where each row of a grouped matrix is stored: its group, its position within the group, and each group's rows in
/// increasing order. Built once per partition and shared by the matrices that use it.
/// </summary>
/// <param name="GroupOf">Each row's group, or null when every row is in group 0.</param>
/// <param name="PositionOf">Each row's position within its group.</param>
/// <param name="RowsOfGroup">Each group's rows, increasing; groups past the end hold none.</param>
internal sealed record RowLayout(int[]? GroupOf, int[] PositionOf, int[][] RowsOfGroup)
{
    /// <summary>The layout of a matrix without a partition: row <c>i</c> is row <c>i</c> of group 0.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The layout (one array, used both as positions and as group 0's rows).</returns>
    public static RowLayout Single(int rows)
    {
        int[] identity = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            identity[i] = i;
        }

        return new RowLayout(null, identity, [identity]);
    }

    /// <summary>The rows of a group.</summary>
    /// <param name="group">The group index.</param>
    /// <returns>Its rows, increasing.</returns>
    public int[] Rows(int group) => group < RowsOfGroup.Length ? RowsOfGroup[group] : [];
}
