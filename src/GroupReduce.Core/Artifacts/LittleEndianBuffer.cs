using System.Buffers.Binary;

namespace GroupReduce.Core.Artifacts;

/// <summary>Buffers little-endian values on their way to a stream, so tensors of any size are written without building them in memory.</summary>
internal sealed class LittleEndianBuffer(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _used;

    public void Write(float value, bool half)
    {
        Span<byte> at = Reserve(half ? 2 : 4);
        if (half)
        {
            BinaryPrimitives.WriteHalfLittleEndian(at, (Half)value);
        }
        else
        {
            BinaryPrimitives.WriteSingleLittleEndian(at, value);
        }
    }

    /// <summary>Writes an integer in <paramref name="width"/> bytes (1, 2, 4 or 8).</summary>
    public void Write(long value, int width)
    {
        Span<byte> at = Reserve(width);
        switch (width)
        {
            case 1:
                at[0] = checked((byte)value);
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(at, checked((ushort)value));
                break;
            case 4:
                BinaryPrimitives.WriteInt32LittleEndian(at, checked((int)value));
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(at, value);
                break;
        }
    }

    public void Flush()
    {
        stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    private Span<byte> Reserve(int bytes)
    {
        if (_used + bytes > _buffer.Length)
        {
            Flush();
        }

        Span<byte> span = _buffer.AsSpan(_used, bytes);
        _used += bytes;
        return span;
    }
}
