using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Plugins.Ilgpu.Tests.Support;

/// <summary>An in-memory <see cref="IRowMatrix"/>; without views it behaves like a converted (non-float32) input.</summary>
internal sealed class ArrayRowMatrix(float[] values, int rows, int columns, bool allowViews = true) : IRowMatrix
{
    public string Name => "test.weight";

    public long Rows => rows;

    public int Columns => columns;

    public float[] Values => values;

    public void CopyRows(long firstRow, int rowCount, Span<float> destination) =>
        values.AsSpan((int)firstRow * columns, rowCount * columns).CopyTo(destination);

    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> view)
    {
        view = allowViews ? values.AsSpan((int)firstRow * columns, rowCount * columns) : default;
        return allowViews;
    }
}
