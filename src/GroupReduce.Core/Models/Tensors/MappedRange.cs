using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Matrices;

namespace GroupReduce.Core.Models.Tensors;

/// <summary>Tensor bytes stored back to back at one place in a mapped file.</summary>
internal sealed unsafe class MappedRange : TensorData
{
    private const int CopyChunk = 1 << 20;

    private readonly MappedFile _file;
    private readonly long _offset;
    private readonly long _length;

    /// <summary>Records the range; it must lie in the file.</summary>
    /// <param name="file">The mapping.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">The byte count.</param>
    public MappedRange(MappedFile file, long offset, long length)
    {
        if (!file.Contains(offset, length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"[{offset}, {offset}+{length}) is outside '{file.Path}'.");
        }

        _file = file;
        _offset = offset;
        _length = length;
    }

    /// <inheritdoc />
    public override IRowMatrix CreateMatrix(string name, long rows, int columns, ElementDecoder decoder) =>
        new ContiguousRowMatrix(_file, _offset, name, rows, columns, decoder);

    /// <inheritdoc />
    public override void CopyTo(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using MappedFile.Lease lease = _file.Acquire();
        for (long done = 0; done < _length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int chunk = (int)Math.Min(CopyChunk, _length - done);
            destination.Write(new ReadOnlySpan<byte>(_file.Pointer(_offset + done, chunk), chunk));
            done += chunk;
        }
    }
}
