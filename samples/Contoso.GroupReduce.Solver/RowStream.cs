using GroupReduce.Abstractions.Solving;

namespace Contoso.GroupReduce.Solver;

/// <summary>
/// Streams a sorted list of rows in blocks of consecutive rows: the matrix may be memory-mapped and larger
/// than memory, so rows are never gathered all at once, and runs of neighbours are copied in one call.
/// </summary>
internal static class RowStream
{
    private const int BlockRows = 256;

    public static void ForEach(IRowMatrix matrix, ReadOnlySpan<int> rows, RowAction action, CancellationToken cancellationToken)
    {
        int columns = matrix.Columns;
        float[] buffer = new float[BlockRows * columns];
        int start = 0;
        while (start < rows.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = 1;
            while (count < BlockRows && start + count < rows.Length && rows[start + count] == rows[start] + count)
            {
                count++;
            }

            ReadOnlySpan<float> block = matrix.TryGetRows(rows[start], count, out ReadOnlySpan<float> view)
                ? view
                : CopyInto(matrix, rows[start], count, buffer);
            for (int i = 0; i < count; i++)
            {
                action(start + i, rows[start + i], block.Slice(i * columns, columns));
            }

            start += count;
        }
    }

    private static ReadOnlySpan<float> CopyInto(IRowMatrix matrix, int firstRow, int count, float[] buffer)
    {
        Span<float> destination = buffer.AsSpan(0, count * matrix.Columns);
        matrix.CopyRows(firstRow, count, destination);
        return destination;
    }
}
