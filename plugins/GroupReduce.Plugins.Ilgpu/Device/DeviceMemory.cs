using GroupReduce.Abstractions;
using ILGPU;
using ILGPU.Runtime;

namespace GroupReduce.Plugins.Ilgpu.Device;

/// <summary>
/// Allocates the solver's device buffers and keeps count of them (live buffers, live and peak bytes), so that the
/// report can state the peak device memory and tests can prove that every session gives back all it took.
/// </summary>
internal sealed class DeviceMemory
{
    private readonly Accelerator _accelerator;
    private readonly Lock _lock = new();
    private long _liveBytes;

    /// <summary>Creates the ledger for one accelerator.</summary>
    /// <param name="accelerator">The accelerator.</param>
    public DeviceMemory(Accelerator accelerator) => _accelerator = accelerator;

    /// <summary>Buffers allocated and not yet disposed.</summary>
    public int LiveBuffers { get; private set; }

    /// <summary>Bytes allocated and not yet disposed.</summary>
    public long LiveBytes
    {
        get
        {
            lock (_lock)
            {
                return _liveBytes;
            }
        }
    }

    /// <summary>The most bytes held at once.</summary>
    public long PeakBytes { get; private set; }

    /// <summary>Allocates <paramref name="length"/> values; a device that is out of memory is GR4009 with advice.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="length">Values.</param>
    /// <param name="purpose">What the buffer is for, for the message.</param>
    /// <returns>The buffer; dispose it through <see cref="Release"/>.</returns>
    public MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(long length, string purpose)
        where T : unmanaged
    {
        long bytes = Math.Max(1, length) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        MemoryBuffer1D<T, Stride1D.Dense> buffer;
        try
        {
            buffer = _accelerator.Allocate1D<T>(Math.Max(1, length));
        }
        catch (Exception error) when (error is OutOfMemoryException or AcceleratorException)
        {
            throw new GroupReduceException(
                ErrorCodes.DeviceOutOfMemory,
                $"ilgpu solver: {_accelerator.Name} has no room for {bytes / (1 << 20):N0} MiB ({purpose}); {_liveBytes / (1 << 20):N0} MiB are in use by the solver. Set a smaller 'chunk_rows' or 'resident: never' in the solver's options",
                null,
                error);
        }

        lock (_lock)
        {
            LiveBuffers++;
            _liveBytes += bytes;
            PeakBytes = Math.Max(PeakBytes, _liveBytes);
        }

        return buffer;
    }

    /// <summary>Disposes a buffer from <see cref="Allocate{T}"/> and takes it off the books; <see langword="null"/> is ignored.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="buffer">The buffer.</param>
    public void Release<T>(MemoryBuffer1D<T, Stride1D.Dense>? buffer)
        where T : unmanaged
    {
        if (buffer is null)
        {
            return;
        }

        long bytes = buffer.LengthInBytes;
        buffer.Dispose();
        lock (_lock)
        {
            LiveBuffers--;
            _liveBytes -= bytes;
        }
    }
}
