using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.Matrices;

/// <summary>Copies a set of rows (ascending) out of a matrix, one <c>CopyRows</c> call per contiguous run.</summary>
internal static class RowGather
{
    public static void Copy(IRowMatrix matrix, ReadOnlySpan<int> rows, Span<float> destination)
    {
        int columns = matrix.Columns;
        int start = 0;
        while (start < rows.Length)
        {
            int end = start + 1;
            while (end < rows.Length && rows[end] == rows[end - 1] + 1)
            {
                end++;
            }

            matrix.CopyRows(rows[start], end - start, destination.Slice(start * columns, (end - start) * columns));
            start = end;
        }
    }
}
