using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GroupReduce.Core.Models.Mapping;

/// <summary>
/// A read-only memory mapping of a whole file of any size (offsets are <see cref="long"/> throughout).
/// Every accessor checks its range against <see cref="Length"/>. Readers validate a file's structure
/// before building views on it, so a range error here is a bug, not bad input.
/// </summary>
/// <remarks>
/// Threads that read through the mapping while another thread may dispose it take a <see cref="Lease"/>:
/// the view's safe handle is reference-counted, so the unmapping waits for in-flight reads instead of
/// letting them fault.
/// </remarks>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly SafeMemoryMappedViewHandle? _handle;
    private readonly byte* _base;
    private int _disposed;

    private MappedFile(string path, FileStream stream)
    {
        Path = path;
        BackingPath = stream.Name;
        Length = stream.Length;
        if (Length == 0)
        {
            // An empty file cannot be mapped; it has nothing to read anyway.
            stream.Dispose();
            return;
        }

        _map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        try
        {
            _view = _map.CreateViewAccessor(0, Length, MemoryMappedFileAccess.Read);
            _handle = _view.SafeMemoryMappedViewHandle;
            byte* pointer = null;
            _handle.AcquirePointer(ref pointer);
            _base = pointer + _view.PointerOffset;
        }
        catch
        {
            _view?.Dispose();
            _map.Dispose();
            throw;
        }
    }

    /// <summary>The path shown in messages (for a temporary file: the input it came from).</summary>
    public string Path { get; }

    /// <summary>The file actually mapped (differs from <see cref="Path"/> for temporary files).</summary>
    public string BackingPath { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>Maps a file read-only.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The mapping.</returns>
    public static MappedFile Open(string path)
    {
        RequireRegular(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw ModelError.InFile(ModelErrorCodes.FileUnreadable, path, $"cannot open the file: {e.Message} Check the path and its permissions.", e);
        }

        return Map(path, stream);
    }

    /// <summary>Refuses a path that is not a regular file (links followed) before anything opens it: a FIFO would block the open, a device would never end.</summary>
    /// <param name="path">The model file.</param>
    public static void RequireRegular(string path)
    {
        if (RegularFile.Problem(path) is { } kind)
        {
            throw ModelError.InFile(ModelErrorCodes.FileUnreadable, path, $"the path is {kind}, not a regular file; a model must be a regular file (a symbolic link to one is fine). Name the model file itself.");
        }
    }

    /// <summary>Maps an already open file, taking ownership of the stream (a temporary file opened with <see cref="FileOptions.DeleteOnClose"/> is deleted when the mapping is disposed).</summary>
    /// <param name="displayPath">The path to name in messages.</param>
    /// <param name="stream">The open file; disposed with the mapping.</param>
    /// <returns>The mapping.</returns>
    public static MappedFile FromStream(string displayPath, FileStream stream)
    {
        stream.Flush();
        return Map(displayPath, stream);
    }

    private static MappedFile Map(string path, FileStream stream)
    {
        try
        {
            return new MappedFile(path, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream.Dispose();
            throw ModelError.InFile(ModelErrorCodes.FileUnreadable, path, $"cannot memory-map the file: {e.Message} A 64-bit process with enough address space is needed.", e);
        }
    }

    /// <summary>Whether <c>[offset, offset + length)</c> lies inside the file.</summary>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">The byte count.</param>
    /// <returns>Whether the range is inside the file.</returns>
    public bool Contains(long offset, long length) => offset >= 0 && length >= 0 && offset <= Length - length;

    /// <summary>A span over <c>[offset, offset + length)</c>; valid while the mapping is open.</summary>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">The byte count.</param>
    /// <returns>The bytes.</returns>
    public ReadOnlySpan<byte> Span(long offset, int length) => new(Pointer(offset, length), length);

    /// <summary>A pointer to <c>[offset, offset + length)</c>, after checking the range; valid while the mapping is open.</summary>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">The byte count the caller will read.</param>
    /// <returns>The address of byte <paramref name="offset"/>.</returns>
    public byte* Pointer(long offset, long length)
    {
        if (!Contains(offset, length))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Range [{offset}, {offset}+{length}) is outside '{Path}' ({Length} bytes).");
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _base + offset;
    }

    /// <summary>Keeps the mapping alive until the returned lease is disposed, even if <see cref="Dispose"/> runs meanwhile.</summary>
    /// <returns>The lease.</returns>
    public Lease Acquire()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_handle is null)
        {
            return default;
        }

        bool added = false;
        _handle.DangerousAddRef(ref added);
        return new Lease(added ? _handle : null);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_handle is not null)
        {
            _handle.ReleasePointer();
        }

        _view?.Dispose();
        _map?.Dispose();
    }

    /// <summary>Holds a reference on the mapping's view while reads are in flight.</summary>
    internal readonly struct Lease : IDisposable
    {
        private readonly SafeHandle? _handle;

        /// <summary>Wraps a handle whose reference count was raised.</summary>
        /// <param name="handle">The handle, or <see langword="null"/> for an empty file.</param>
        public Lease(SafeHandle? handle) => _handle = handle;

        /// <inheritdoc />
        public void Dispose() => _handle?.DangerousRelease();
    }
}
