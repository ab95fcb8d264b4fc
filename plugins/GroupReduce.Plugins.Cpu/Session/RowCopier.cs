using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>Copies runs of rows out of an <see cref="IRowMatrix"/>, through the zero-copy view when the matrix has one.</summary>
internal static unsafe class RowCopier
{
    /// <summary>Copies rows <c>[first, first + count)</c> to <paramref name="destination"/> (row-major, stride = columns).</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="first">First row.</param>
    /// <param name="count">Rows.</param>
    /// <param name="destination">At least <c>count * Columns</c> values.</param>
    public static void Copy(IRowMatrix matrix, long first, int count, float* destination)
    {
        int length = checked(count * matrix.Columns);
        var target = new Span<float>(destination, length);
        if (matrix.TryGetRows(first, count, out ReadOnlySpan<float> rows))
        {
            rows[..length].CopyTo(target);
        }
        else
        {
            matrix.CopyRows(first, count, target);
        }
    }

    /// <summary>Copies the listed rows (strictly increasing) one run of consecutive rows at a time.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="destination">At least <c>rows.Length * Columns</c> values.</param>
    public static void Gather(IRowMatrix matrix, ReadOnlySpan<int> rows, float* destination)
    {
        int d = matrix.Columns;
        int start = 0;
        while (start < rows.Length)
        {
            int end = start + 1;
            while (end < rows.Length && rows[end] == rows[end - 1] + 1)
            {
                end++;
            }

            Copy(matrix, rows[start], end - start, destination + ((long)start * d));
            start = end;
        }
    }
}
