namespace GroupReduce.Plugins.Solving;

/// <summary>Checks the row lists the host passes (strictly increasing, inside the matrix) and compares them.</summary>
internal static class RowLists
{
    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="rows"/> is not strictly increasing within <c>[0, rowCount)</c>.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="rowCount">The matrix's rows.</param>
    /// <param name="what">What the list is, for the message.</param>
    public static void Check(ReadOnlySpan<int> rows, long rowCount, string what)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] < 0 || rows[i] >= rowCount)
            {
                throw new ArgumentException($"{what}: row {rows[i]} (position {i}) is outside the matrix's {rowCount} rows");
            }

            if (i > 0 && rows[i] <= rows[i - 1])
            {
                throw new ArgumentException($"{what}: rows must be strictly increasing, but row {rows[i]} follows {rows[i - 1]} at position {i}");
            }
        }
    }

    /// <summary>Whether the rows are one run of consecutive indices.</summary>
    /// <param name="rows">Strictly increasing rows, not empty.</param>
    /// <returns><see langword="true"/> for a single run.</returns>
    public static bool IsRun(ReadOnlySpan<int> rows) => rows[^1] - rows[0] == rows.Length - 1;
}
