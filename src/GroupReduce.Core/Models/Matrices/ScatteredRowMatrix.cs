using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models.Mapping;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// A matrix whose rows lie at recorded offsets rather than back to back (word2vec binary puts each
/// row's token between rows). Rows are converted one at a time; a single row is a zero-copy view.
/// </summary>
internal sealed unsafe class ScatteredRowMatrix : IRowMatrix
{
    private readonly MappedFile _file;
    private readonly long[] _rowOffsets;
    private readonly long _rowBytes;
    private readonly ElementDecoder _decoder;

    /// <summary>Creates the view; the caller has checked every row's range.</summary>
    /// <param name="file">The mapping.</param>
    /// <param name="rowOffsets">Each row's first byte.</param>
    /// <param name="name">The tensor's name.</param>
    /// <param name="columns">The column count.</param>
    /// <param name="decoder">The stored type's converter.</param>
    public ScatteredRowMatrix(MappedFile file, long[] rowOffsets, string name, int columns, ElementDecoder decoder)
    {
        _file = file;
        _rowOffsets = rowOffsets;
        _rowBytes = decoder.RowBytes(columns);
        _decoder = decoder;
        Name = name;
        Columns = columns;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long Rows => _rowOffsets.Length;

    /// <inheritdoc />
    public int Columns { get; }

    /// <inheritdoc />
    public void CopyRows(long firstRow, int rowCount, Span<float> destination)
    {
        long elements = RowRange.Check(Rows, Columns, firstRow, rowCount);
        RowRange.CheckDestination(elements, destination.Length);
        if (elements == 0)
        {
            return;
        }

        using MappedFile.Lease lease = _file.Acquire();
        for (int r = 0; r < rowCount; r++)
        {
            byte* source = _file.Pointer(_rowOffsets[firstRow + r], _rowBytes);
            _decoder.Decode(new ReadOnlySpan<byte>(source, checked((int)_rowBytes)), destination.Slice(r * Columns, Columns));
        }
    }

    /// <inheritdoc />
    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows)
    {
        RowRange.Check(Rows, Columns, firstRow, rowCount);
        if (!_decoder.IsFloat32 || rowCount > 1 || _rowBytes > int.MaxValue)
        {
            rows = default;
            return false;
        }

        rows = rowCount == 0
            ? ReadOnlySpan<float>.Empty
            : new ReadOnlySpan<float>(_file.Pointer(_rowOffsets[firstRow], _rowBytes), Columns);
        return true;
    }
}
