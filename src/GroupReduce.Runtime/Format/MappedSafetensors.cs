using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text.Json;

namespace GroupReduce.Runtime.Format;

/// <summary>
/// A safetensors file mapped read-only: its header parsed and every tensor's offsets and byte length
/// checked against the file before any data is touched, so a truncated or lying file fails on open.
/// </summary>
internal sealed unsafe class MappedSafetensors : IDisposable
{
    // The reference implementation's header limit.
    private const long MaxHeaderBytes = 100_000_000;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly Dictionary<string, TensorEntry> _tensors;
    private bool _disposed;

    private MappedSafetensors(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer, long length)
    {
        Path = path;
        _map = map;
        _view = view;
        _base = pointer;
        Length = length;
        (Metadata, _tensors) = ParseHeader();
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The header's <c>__metadata__</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, TensorEntry> Tensors => _tensors;

    /// <summary>Maps a file and reads its header.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The mapped file.</returns>
    public static MappedSafetensors Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        long length;
        try
        {
            length = new FileInfo(full).Length;
        }
        catch (IOException ex)
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.Corrupt, full, $"cannot be read: {ex.Message}", ex);
        }

        if (length < 16)
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.Corrupt, full, $"is {length} bytes long, too short for a safetensors file; it is truncated or not an artifact.");
        }

        MemoryMappedFile map;
        try
        {
            map = MemoryMappedFile.CreateFromFile(full, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.Corrupt, full, $"cannot be opened: {ex.Message}", ex);
        }

        MemoryMappedViewAccessor view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            return new MappedSafetensors(full, map, view, pointer + view.PointerOffset, length);
        }
        catch
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            map.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of a tensor.</summary>
    /// <param name="entry">A tensor of this file.</param>
    /// <returns>Its bytes, straight from the mapping.</returns>
    public ReadOnlySpan<byte> Bytes(TensorEntry entry)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ReadOnlySpan<byte>(_base + entry.Offset, checked((int)entry.Length));
    }

    /// <summary>A pointer to a tensor's first byte; valid while this file is open.</summary>
    /// <param name="entry">A tensor of this file.</param>
    /// <returns>The pointer.</returns>
    public byte* Pointer(TensorEntry entry)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _base + entry.Offset;
    }

    /// <summary>A tensor by name, checked for dtype and rank.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="what">What the tensor is, for messages.</param>
    /// <param name="dtypes">Accepted dtypes.</param>
    /// <returns>The tensor.</returns>
    public TensorEntry Require(string name, string what, params string[] dtypes)
    {
        if (!_tensors.TryGetValue(name, out TensorEntry? entry))
        {
            throw Corrupt($"the manifest names tensor '{name}' ({what}) but the file has no such tensor");
        }

        if (!dtypes.Contains(entry.DType))
        {
            throw Corrupt($"tensor '{name}' ({what}) is {entry.DType}; expected {string.Join(" or ", dtypes)}");
        }

        return entry;
    }

    /// <summary>An error about this file's content.</summary>
    /// <param name="message">What is wrong.</param>
    /// <returns>The exception to throw.</returns>
    public ArtifactFormatException Corrupt(string message) =>
        new(ArtifactErrorCodes.Corrupt, Path, message + ". The artifact is damaged or was not written by GroupReduce; compress the model again.");

    /// <summary>Whether the file has been unmapped.</summary>
    public bool IsDisposed => _disposed;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private static int ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
        _ => 0,
    };

    private (IReadOnlyDictionary<string, string> Metadata, Dictionary<string, TensorEntry> Tensors) ParseHeader()
    {
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_base, 8));
        if (declared > MaxHeaderBytes || (long)declared > Length - 8)
        {
            throw Corrupt($"the header length at byte 0 is {declared}, but the file has {Length - 8} bytes after it");
        }

        long dataStart = 8 + (long)declared;
        long dataLength = Length - dataStart;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        try
        {
            using JsonDocument header = JsonDocument.Parse(new ReadOnlyMemory<byte>(new ReadOnlySpan<byte>(_base + 8, (int)declared).ToArray()));
            if (header.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt("the header is not a JSON object");
            }

            foreach (JsonProperty property in header.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (JsonProperty item in property.Value.EnumerateObject())
                    {
                        metadata[item.Name] = item.Value.GetString() ?? string.Empty;
                    }

                    continue;
                }

                TensorEntry entry = ReadEntry(property, dataStart, dataLength);
                if (!tensors.TryAdd(entry.Name, entry))
                {
                    throw Corrupt($"tensor '{entry.Name}' appears twice in the header");
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.Corrupt, Path, $"the safetensors header is not valid: {ex.Message}. The artifact is damaged; compress the model again.", ex);
        }

        return (metadata, tensors);
    }

    private TensorEntry ReadEntry(JsonProperty property, long dataStart, long dataLength)
    {
        string name = property.Name;
        JsonElement value = property.Value;
        string dtype = value.GetProperty("dtype").GetString() ?? string.Empty;
        long[] shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        long[] offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        int size = ElementSize(dtype);
        if (size == 0)
        {
            throw Corrupt($"tensor '{name}' has unknown dtype '{dtype}'");
        }

        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
        {
            throw Corrupt($"tensor '{name}' has data_offsets [{string.Join(", ", offsets)}] outside the {dataLength}-byte data section");
        }

        long elements = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                throw Corrupt($"tensor '{name}' has a negative dimension");
            }

            elements = checked(elements * dimension);
        }

        if (checked(elements * size) != offsets[1] - offsets[0])
        {
            throw Corrupt($"tensor '{name}' is {dtype} [{string.Join(", ", shape)}], {elements * size} bytes, but its data_offsets span {offsets[1] - offsets[0]} bytes");
        }

        return new TensorEntry(name, dtype, shape, dataStart + offsets[0], offsets[1] - offsets[0]);
    }
}
