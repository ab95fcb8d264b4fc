using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Matrices;

namespace GroupReduce.Core.Models.Tensors;

/// <summary>Equal-length rows at recorded offsets (word2vec binary); the stored bytes are the rows in order.</summary>
internal sealed unsafe class ScatteredRows : TensorData
{
    private readonly MappedFile _file;
    private readonly long[] _rowOffsets;
    private readonly int _rowBytes;

    /// <summary>Records the rows; every row must lie in the file.</summary>
    /// <param name="file">The mapping.</param>
    /// <param name="rowOffsets">Each row's first byte.</param>
    /// <param name="rowBytes">Bytes per row.</param>
    public ScatteredRows(MappedFile file, long[] rowOffsets, int rowBytes)
    {
        foreach (long offset in rowOffsets)
        {
            if (!file.Contains(offset, rowBytes))
            {
                throw new ArgumentOutOfRangeException(nameof(rowOffsets), $"A row at {offset} is outside '{file.Path}'.");
            }
        }

        _file = file;
        _rowOffsets = rowOffsets;
        _rowBytes = rowBytes;
    }

    /// <inheritdoc />
    public override IRowMatrix CreateMatrix(string name, long rows, int columns, ElementDecoder decoder) =>
        new ScatteredRowMatrix(_file, _rowOffsets, name, columns, decoder);

    /// <inheritdoc />
    public override void CopyTo(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using MappedFile.Lease lease = _file.Acquire();
        for (int r = 0; r < _rowOffsets.Length; r++)
        {
            if ((r & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            destination.Write(new ReadOnlySpan<byte>(_file.Pointer(_rowOffsets[r], _rowBytes), _rowBytes));
        }
    }
}
