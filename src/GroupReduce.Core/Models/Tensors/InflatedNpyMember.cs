using System.IO.Compression;
using System.IO.Hashing;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Matrices;
using GroupReduce.Core.Models.Readers;

namespace GroupReduce.Core.Models.Tensors;

/// <summary>
/// The array data of a deflated .npz member. Opening the archive only inflates the header; the first
/// matrix view inflates the member once into a temporary file (deleted on dispose) and maps that.
/// Raw copies stream straight from the archive when no temporary file exists yet. Every full inflation
/// checks the member's size and CRC-32.
/// </summary>
internal sealed unsafe class InflatedNpyMember : TensorData, IDisposable
{
    private const int BufferBytes = 1 << 20;

    private readonly MappedFile _archive;
    private readonly ZipMember _member;
    private readonly long _dataOffset;
    private readonly long _dataLength;
    private readonly Lock _gate = new();
    private MappedFile? _inflated;
    private bool _disposed;

    /// <summary>Describes the member's data.</summary>
    /// <param name="archive">The mapped archive.</param>
    /// <param name="member">The member.</param>
    /// <param name="dataOffset">Where the array data starts in the inflated member (after the .npy header).</param>
    /// <param name="dataLength">The array data's length.</param>
    public InflatedNpyMember(MappedFile archive, ZipMember member, long dataOffset, long dataLength)
    {
        _archive = archive;
        _member = member;
        _dataOffset = dataOffset;
        _dataLength = dataLength;
    }

    /// <summary>The temporary file holding the inflated data, once a matrix view created it.</summary>
    public string? TemporaryPath
    {
        get
        {
            lock (_gate)
            {
                return _inflated?.BackingPath;
            }
        }
    }

    /// <summary>Opens a stream of the member's inflated bytes over the mapped archive; the caller holds a lease on it.</summary>
    /// <param name="archive">The mapped archive.</param>
    /// <param name="member">The member.</param>
    /// <returns>The inflating stream.</returns>
    public static Stream OpenInflating(MappedFile archive, ZipMember member) =>
        new DeflateStream(new UnmanagedMemoryStream(archive.Pointer(member.DataOffset, member.CompressedSize), member.CompressedSize), CompressionMode.Decompress);

    /// <inheritdoc />
    public override IRowMatrix CreateMatrix(string name, long rows, int columns, ElementDecoder decoder) =>
        new ContiguousRowMatrix(Inflated(), 0, name, rows, columns, decoder);

    /// <inheritdoc />
    public override void CopyTo(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        MappedFile? inflated;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            inflated = _inflated;
        }

        if (inflated is not null)
        {
            new MappedRange(inflated, 0, _dataLength).CopyTo(destination, cancellationToken);
            return;
        }

        Inflate(destination, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _inflated?.Dispose();
            _inflated = null;
        }
    }

    private MappedFile Inflated()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_inflated is null)
            {
                FileStream temporary = TemporaryFile.Create(_archive.Path);
                try
                {
                    Inflate(temporary, CancellationToken.None);
                    _inflated = MappedFile.FromStream(_archive.Path, temporary);
                }
                catch (IOException e)
                {
                    temporary.Dispose();
                    throw TemporaryFile.Failed(_archive.Path, e);
                }
                catch
                {
                    temporary.Dispose();
                    throw;
                }
            }

            return _inflated;
        }
    }

    // Inflates the whole member (hashing every byte) and writes the bytes after the .npy header to the sink.
    private void Inflate(Stream sink, CancellationToken cancellationToken)
    {
        var crc = new Crc32();
        long total = 0;
        byte[] buffer = new byte[BufferBytes];
        using (MappedFile.Lease lease = _archive.Acquire())
        {
            using Stream inflating = OpenInflating(_archive, _member);
            try
            {
                int read;
                while ((read = inflating.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (read > _member.UncompressedSize - total)
                    {
                        // A member that inflates past its declared size is corrupt (or a zip bomb): stop now.
                        throw ModelError.InFile(
                            ModelErrorCodes.ZipMemberCorrupt,
                            _archive.Path,
                            $"member '{Excerpt.Of(_member.Name)}' inflates to more than the {_member.UncompressedSize} bytes the archive says. The archive is corrupt; save it again.");
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    ReadOnlySpan<byte> chunk = buffer.AsSpan(0, read);
                    crc.Append(chunk);
                    long skip = Math.Clamp(_dataOffset - total, 0, read);
                    long keep = Math.Clamp(_dataOffset + _dataLength - (total + skip), 0, read - skip);
                    sink.Write(chunk.Slice((int)skip, (int)keep));
                    total += read;
                }
            }
            catch (InvalidDataException e)
            {
                throw ModelError.InFile(ModelErrorCodes.ZipMemberCorrupt, _archive.Path, $"member '{Excerpt.Of(_member.Name)}' does not inflate: {e.Message} The archive is corrupt; save it again.", e);
            }
        }

        if (total != _member.UncompressedSize)
        {
            throw ModelError.InFile(
                ModelErrorCodes.ZipMemberCorrupt,
                _archive.Path,
                $"member '{Excerpt.Of(_member.Name)}' inflates to {total} bytes but the archive says {_member.UncompressedSize}. The archive is corrupt; save it again.");
        }

        if (crc.GetCurrentHashAsUInt32() != _member.Crc32)
        {
            throw ModelError.InFile(
                ModelErrorCodes.ZipMemberCorrupt,
                _archive.Path,
                $"member '{Excerpt.Of(_member.Name)}' fails its CRC-32 check (0x{crc.GetCurrentHashAsUInt32():x8}, expected 0x{_member.Crc32:x8}). The archive is corrupt; save it again.");
        }
    }
}
