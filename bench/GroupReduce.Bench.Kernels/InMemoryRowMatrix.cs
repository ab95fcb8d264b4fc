using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Bench.Kernels;

/// <summary>A float array presented as a memory-mapped matrix would be (zero-copy views).</summary>
internal sealed class InMemoryRowMatrix : IRowMatrix
{
    private readonly float[] _values;

    public InMemoryRowMatrix(float[] values, long rows, int columns)
    {
        _values = values;
        Rows = rows;
        Columns = columns;
    }

    public string Name => "synthetic";

    public long Rows { get; }

    public int Columns { get; }

    public void CopyRows(long firstRow, int rowCount, Span<float> destination) =>
        _values.AsSpan(checked((int)(firstRow * Columns)), rowCount * Columns).CopyTo(destination);

    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows)
    {
        rows = _values.AsSpan(checked((int)(firstRow * Columns)), rowCount * Columns);
        return true;
    }
}
