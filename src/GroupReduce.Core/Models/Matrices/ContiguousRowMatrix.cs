using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models.Mapping;

namespace GroupReduce.Core.Models.Matrices;

/// <summary>
/// A row-major matrix stored contiguously in a mapped file, converted to float32 on read. Float32 data
/// is also handed out as a zero-copy span. Stateless apart from the mapping, so safe on any thread.
/// </summary>
internal sealed unsafe class ContiguousRowMatrix : IRowMatrix
{
    // Converting in slices keeps each source span within int range whatever the element size, and keeps
    // the working set of one slice in cache while it is converted. A multiple of every block size.
    private const int SliceElements = 1 << 16;

    private readonly MappedFile _file;
    private readonly long _offset;
    private readonly long _rowBytes;
    private readonly ElementDecoder _decoder;

    /// <summary>Creates the view; the caller has checked that <c>rows * rowBytes</c> bytes from <paramref name="offset"/> lie in the file.</summary>
    /// <param name="file">The mapping.</param>
    /// <param name="offset">The first byte of row 0.</param>
    /// <param name="name">The tensor's name.</param>
    /// <param name="rows">The row count.</param>
    /// <param name="columns">The column count (a whole number of the decoder's blocks).</param>
    /// <param name="decoder">The stored type's converter.</param>
    public ContiguousRowMatrix(MappedFile file, long offset, string name, long rows, int columns, ElementDecoder decoder)
    {
        _rowBytes = decoder.RowBytes(columns);
        if (columns % decoder.BlockElements != 0 || !file.Contains(offset, checked(rows * _rowBytes)))
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"Matrix '{name}' ({rows} x {columns}) does not fit its file.");
        }

        _file = file;
        _offset = offset;
        _decoder = decoder;
        Name = name;
        Rows = rows;
        Columns = columns;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long Rows { get; }

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
        byte* source = _file.Pointer(_offset + (firstRow * _rowBytes), rowCount * _rowBytes);
        int blockElements = _decoder.BlockElements;
        int blockBytes = _decoder.BlockBytes;
        for (int done = 0; done < elements;)
        {
            int slice = (int)Math.Min(SliceElements, elements - done);
            int sliceBytes = slice / blockElements * blockBytes;
            _decoder.Decode(new ReadOnlySpan<byte>(source, sliceBytes), destination.Slice(done, slice));
            source += sliceBytes;
            done += slice;
        }
    }

    /// <inheritdoc />
    public bool TryGetRows(long firstRow, int rowCount, out ReadOnlySpan<float> rows)
    {
        long elements = RowRange.Check(Rows, Columns, firstRow, rowCount);
        if (!_decoder.IsFloat32 || elements > int.MaxValue)
        {
            rows = default;
            return false;
        }

        // The data may sit at any byte offset; x64 and Arm64 load floats from unaligned addresses, so the
        // span is handed out as is rather than copied.
        rows = new ReadOnlySpan<float>(_file.Pointer(_offset + (firstRow * _rowBytes), elements * sizeof(float)), (int)elements);
        return true;
    }
}
