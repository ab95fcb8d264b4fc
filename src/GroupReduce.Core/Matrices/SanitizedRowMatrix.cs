using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.Matrices;

/// <summary>A matrix whose NaN and infinite values read as zero (the spec's <c>non_finite: zero</c>).</summary>
internal sealed class SanitizedRowMatrix(IRowMatrix inner) : IRowMatrix
{
    public string Name => inner.Name;

    public long Rows => inner.Rows;

    public int Columns => inner.Columns;

    public void CopyRows(long firstRow, int rowCount, Span<float> destination)
    {
        inner.CopyRows(firstRow, rowCount, destination);
        Span<float> values = destination[..(rowCount * Columns)];
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                values[i] = 0;
            }
        }
    }

    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows)
    {
        rows = default;
        return false;
    }
}
