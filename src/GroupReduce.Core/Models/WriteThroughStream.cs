namespace GroupReduce.Core.Models;

/// <summary>
/// A write-only, forward-only stream that passes every write through to another stream and counts it; a subclass
/// checks a write before it goes out or looks at it after. The stream plumbing of the writers' wrappers, once.
/// </summary>
/// <param name="inner">The stream written to (not owned: disposing this one leaves it open).</param>
internal abstract class WriteThroughStream(Stream inner) : Stream
{
    /// <summary>The bytes written so far.</summary>
    public long Written { get; private set; }

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
    public sealed override void Write(ReadOnlySpan<byte> buffer)
    {
        BeforeWrite(buffer);
        inner.Write(buffer);
        AfterWrite(buffer);
        Written += buffer.Length;
    }

    /// <inheritdoc />
    public sealed override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public sealed override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc />
    public override void Flush() => inner.Flush();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Called before <paramref name="buffer"/> goes out; throwing stops it (and it is not counted).</summary>
    /// <param name="buffer">The bytes about to be written.</param>
    protected virtual void BeforeWrite(ReadOnlySpan<byte> buffer)
    {
    }

    /// <summary>Called once <paramref name="buffer"/> has gone out, before it is counted.</summary>
    /// <param name="buffer">The bytes written.</param>
    protected virtual void AfterWrite(ReadOnlySpan<byte> buffer)
    {
    }
}
