using System.Runtime.InteropServices;

namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// A 64-byte aligned block of unmanaged memory that grows on demand and is reused between calls, so the
/// hot loops neither allocate nor need pinning.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed unsafe class NativeBuffer<T> : IDisposable
    where T : unmanaged
{
    private T* _data;
    private bool _disposed;

    /// <summary>Elements available.</summary>
    public long Capacity { get; private set; }

    /// <summary>The memory; valid until the next <see cref="Ensure"/> that grows it, or disposal.</summary>
    public T* Pointer => _data;

    /// <summary>Makes room for at least <paramref name="count"/> elements; old contents are not kept.</summary>
    /// <param name="count">Elements needed.</param>
    /// <returns>The memory.</returns>
    public T* Ensure(long count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count > Capacity)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
            Capacity = 0;
            long grown = Math.Max(count, 1);
            _data = (T*)NativeMemory.AlignedAlloc((nuint)(grown * sizeof(T)), 64);
            Capacity = grown;
        }

        return _data;
    }

    /// <summary>The first <paramref name="count"/> elements as a span.</summary>
    /// <param name="count">Elements.</param>
    /// <returns>The span.</returns>
    public Span<T> AsSpan(int count) => new(Ensure(count), count);

    /// <summary>Frees the memory; the buffer can grow again later.</summary>
    public void Release()
    {
        NativeMemory.AlignedFree(_data);
        _data = null;
        Capacity = 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Release();
        _disposed = true;
    }
}
