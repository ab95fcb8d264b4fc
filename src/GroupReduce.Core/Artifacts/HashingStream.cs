using System.IO.Hashing;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// A write-only stream that hashes what passes through it on its way to the file, so a staged artifact's hash (which its
/// report records) costs no second read of a file that may be gigabytes.
/// </summary>
internal sealed class HashingStream(Stream inner) : Stream
{
    private readonly XxHash128 _hash = new();

    /// <summary>The bytes written so far.</summary>
    public long Written { get; private set; }

    /// <summary>The hash of the bytes written so far, in the form <see cref="InputHash"/> writes.</summary>
    public string Hash => InputHash.Format(_hash);

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => Written;

    /// <inheritdoc />
    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _hash.Append(buffer);
        Written += buffer.Length;
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc />
    public override void Flush() => inner.Flush();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
