using ILGPU;
using ILGPU.Runtime;

namespace GroupReduce.Plugins.Ilgpu.Device;

/// <summary>A device buffer reused across calls and replaced only when a call needs more room.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class GrowableBuffer<T> : IDisposable
    where T : unmanaged
{
    private readonly DeviceMemory _memory;
    private readonly string _purpose;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="memory">Where buffers come from.</param>
    /// <param name="purpose">What it holds, for out-of-memory messages.</param>
    public GrowableBuffer(DeviceMemory memory, string purpose)
    {
        _memory = memory;
        _purpose = purpose;
    }

    /// <summary>A view of the first <paramref name="length"/> values, growing the buffer first when needed.</summary>
    /// <param name="length">Values.</param>
    /// <returns>The view.</returns>
    public ArrayView<T> View(long length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            // Give the old buffer back first: the device may not hold both.
            _memory.Release(_buffer);
            _buffer = null;
            _buffer = _memory.Allocate<T>(length, _purpose);
        }

        return _buffer.View.SubView(0, Math.Max(1, length));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _memory.Release(_buffer);
        _buffer = null;
    }
}
