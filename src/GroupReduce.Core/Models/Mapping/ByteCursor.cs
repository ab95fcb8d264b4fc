using System.Buffers.Binary;

namespace GroupReduce.Core.Models.Mapping;

/// <summary>
/// Reads little-endian values from a window <c>[position, end)</c> of a mapped file. Reading past the
/// window's end raises <see cref="ModelErrorCodes.Truncated"/> naming the structure and its byte offset,
/// so a header that lies about lengths cannot make a reader touch bytes that are not there.
/// </summary>
internal struct ByteCursor
{
    private readonly MappedFile _file;

    /// <summary>Starts a cursor over <c>[position, end)</c>.</summary>
    /// <param name="file">The mapping.</param>
    /// <param name="position">The first byte.</param>
    /// <param name="end">One past the last readable byte.</param>
    public ByteCursor(MappedFile file, long position, long end)
    {
        if (position < 0 || end < position || end > file.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(end));
        }

        _file = file;
        Position = position;
        End = end;
    }

    /// <summary>The next byte to read.</summary>
    public long Position { get; private set; }

    /// <summary>One past the last readable byte.</summary>
    public long End { get; }

    /// <summary>The mapped file's path, for messages.</summary>
    public readonly string FilePath => _file.Path;

    /// <summary>Bytes left in the window.</summary>
    public readonly long Remaining => End - Position;

    /// <summary>Checks that <paramref name="count"/> bytes follow, without reading them.</summary>
    /// <param name="count">The byte count.</param>
    /// <param name="what">What the bytes are, for the message.</param>
    public readonly void Require(long count, string what)
    {
        if (count < 0 || count > End - Position)
        {
            throw ModelError.InFile(
                ModelErrorCodes.Truncated,
                _file.Path,
                $"the {what} at byte {Position} needs {(count < 0 ? "an impossible number of" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes but only {End - Position} remain. The file is truncated or its header is wrong; re-export or re-download it.");
        }
    }

    /// <summary>Takes <paramref name="count"/> bytes.</summary>
    /// <param name="count">The byte count.</param>
    /// <param name="what">What the bytes are, for the message.</param>
    /// <returns>The bytes (valid while the mapping is open).</returns>
    public ReadOnlySpan<byte> Take(int count, string what)
    {
        Require(count, what);
        ReadOnlySpan<byte> span = _file.Span(Position, count);
        Position += count;
        return span;
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    /// <param name="count">The byte count.</param>
    /// <param name="what">What the bytes are, for the message.</param>
    public void Skip(long count, string what)
    {
        Require(count, what);
        Position += count;
    }

    /// <summary>Reads a byte.</summary>
    /// <param name="what">What the value is, for the message.</param>
    /// <returns>The value.</returns>
    public byte ReadByte(string what) => Take(1, what)[0];

    /// <summary>Reads a little-endian 16-bit unsigned integer.</summary>
    /// <param name="what">What the value is, for the message.</param>
    /// <returns>The value.</returns>
    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    /// <summary>Reads a little-endian 32-bit unsigned integer.</summary>
    /// <param name="what">What the value is, for the message.</param>
    /// <returns>The value.</returns>
    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    /// <summary>Reads a little-endian 64-bit unsigned integer.</summary>
    /// <param name="what">What the value is, for the message.</param>
    /// <returns>The value.</returns>
    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
}
