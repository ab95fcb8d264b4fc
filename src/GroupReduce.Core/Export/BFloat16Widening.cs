namespace GroupReduce.Core.Export;

/// <summary>
/// Widens the little-endian bfloat16 values written to it into float32 (the same value: bfloat16 is the top half of a
/// float32) on their way to the inner stream, for formats without a bfloat16 type (NumPy). A write may split a value.
/// </summary>
/// <param name="inner">Receives the float32 values (not owned).</param>
internal sealed class BFloat16Widening(Stream inner) : Stream
{
    private readonly byte[] _buffer = new byte[8192];
    private int _pending = -1;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int filled = 0;
        int i = 0;
        if (_pending >= 0 && buffer.Length > 0)
        {
            filled = Widen((byte)_pending, buffer[0], filled);
            _pending = -1;
            i = 1;
        }

        for (; i + 1 < buffer.Length; i += 2)
        {
            if (filled == _buffer.Length)
            {
                inner.Write(_buffer, 0, filled);
                filled = 0;
            }

            filled = Widen(buffer[i], buffer[i + 1], filled);
        }

        if (i < buffer.Length)
        {
            _pending = buffer[i];
        }

        inner.Write(_buffer, 0, filled);
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

    private int Widen(byte low, byte high, int at)
    {
        _buffer[at] = 0;
        _buffer[at + 1] = 0;
        _buffer[at + 2] = low;
        _buffer[at + 3] = high;
        return at + 4;
    }
}
