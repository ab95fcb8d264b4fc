namespace GroupReduce.Core.Models.Matrices;

/// <summary>Argument checks shared by the row-matrix views (a wrong row range is a caller bug, not bad input).</summary>
internal static class RowRange
{
    /// <summary>Checks <c>[firstRow, firstRow + rowCount)</c> against <paramref name="rows"/> and returns the element count.</summary>
    /// <param name="rows">The matrix's row count.</param>
    /// <param name="columns">The matrix's column count.</param>
    /// <param name="firstRow">The first row.</param>
    /// <param name="rowCount">How many rows.</param>
    /// <returns><c>rowCount * columns</c>.</returns>
    public static long Check(long rows, int columns, long firstRow, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (firstRow > rows - rowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), $"Rows [{firstRow}, {firstRow + rowCount}) are outside a matrix of {rows} rows.");
        }

        return (long)rowCount * columns;
    }

    /// <summary>Checks that a destination holds <paramref name="elements"/> values.</summary>
    /// <param name="elements">The values needed.</param>
    /// <param name="destinationLength">The destination's length.</param>
    public static void CheckDestination(long elements, int destinationLength)
    {
        if (destinationLength < elements)
        {
            throw new ArgumentException($"The destination holds {destinationLength} values but {elements} are needed.", "destination");
        }
    }
}
