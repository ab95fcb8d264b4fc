using GroupReduce.Abstractions.Solving;

namespace Contoso.GroupReduce.Solver.Tests;

/// <summary>An in-memory matrix that only copies (no direct view), so the plugin's copying path is the one tested.</summary>
internal sealed class ArrayMatrix(int rows, int columns, float[] values) : IRowMatrix
{
    public string Name => "test";

    public long Rows => rows;

    public int Columns => columns;

    public float[] Values => values;

    public void CopyRows(long firstRow, int rowCount, Span<float> destination) =>
        values.AsSpan((int)firstRow * columns, rowCount * columns).CopyTo(destination);

    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> view)
    {
        view = default;
        return false;
    }
}
