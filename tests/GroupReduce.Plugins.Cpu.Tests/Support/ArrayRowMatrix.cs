using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Cpu.Tests.Support;

/// <summary>An in-memory <see cref="IRowMatrix"/> over a float array; optionally without the zero-copy view.</summary>
internal sealed class ArrayRowMatrix : IRowMatrix
{
    private readonly float[] _values;
    private readonly bool _allowViews;

    public ArrayRowMatrix(float[] values, int rows, int columns, bool allowViews = true, string name = "test.weight")
    {
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException("size mismatch", nameof(values));
        }

        _values = values;
        Rows = rows;
        Columns = columns;
        _allowViews = allowViews;
        Name = name;
    }

    public string Name { get; }

    public long Rows { get; }

    public int Columns { get; }

    public float[] Values => _values;

    public int CopyCalls;

    public int ViewCalls;

    public float this[int row, int column] => _values[(row * Columns) + column];

    public void CopyRows(long firstRow, int rowCount, Span<float> destination)
    {
        Interlocked.Increment(ref CopyCalls);
        CheckRange(firstRow, rowCount);
        _values.AsSpan((int)firstRow * Columns, rowCount * Columns).CopyTo(destination);
    }

    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows)
    {
        if (!_allowViews)
        {
            rows = default;
            return false;
        }

        Interlocked.Increment(ref ViewCalls);
        CheckRange(firstRow, rowCount);
        rows = _values.AsSpan((int)firstRow * Columns, rowCount * Columns);
        return true;
    }

    private void CheckRange(long firstRow, int rowCount)
    {
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows [{firstRow}, {firstRow + rowCount}) outside [0, {Rows})");
        }
    }
}
