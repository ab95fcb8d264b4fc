using System.Buffers;
using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

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
    private readonly Dictionary<string, string> _claims = new(StringComparer.Ordinal);
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
    /// <exception cref="ArtifactFormatException">The tensor is over 2 GiB, more than one span can hold.</exception>
    public ReadOnlySpan<byte> Bytes(TensorEntry entry)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (entry.Length > int.MaxValue)
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.TensorTooLarge, Path, $"tensor '{entry.Name}' is {entry.Length} bytes; this runtime reads tensors of up to {int.MaxValue} bytes into memory.");
        }

        return new ReadOnlySpan<byte>(_base + entry.Offset, (int)entry.Length);
    }

    /// <summary>A pointer to a tensor's first byte; valid while this file is open.</summary>
    /// <param name="entry">A tensor of this file.</param>
    /// <returns>The pointer.</returns>
    public byte* Pointer(TensorEntry entry)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _base + entry.Offset;
    }

    /// <summary>A tensor the manifest names, checked for dtype and claimed: a second claim of one tensor is an error.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="what">What the tensor is, for messages.</param>
    /// <param name="dtypes">Accepted dtypes.</param>
    /// <returns>The tensor.</returns>
    public TensorEntry Require(string name, string what, params string[] dtypes)
    {
        if (!_tensors.TryGetValue(name, out TensorEntry? entry))
        {
            throw Corrupt($"the manifest names tensor {Quoted.Of(name)} ({what}) but the file has no such tensor");
        }

        if (!dtypes.Contains(entry.DType))
        {
            throw Corrupt($"tensor {Quoted.Of(name)} ({what}) is {entry.DType}; expected {string.Join(" or ", dtypes)}");
        }

        // Each stored tensor backs one thing: so every row a manifest declares is paid for by its own bytes, and the
        // memory built from declared sizes stays bounded by the file.
        if (!_claims.TryAdd(name, what))
        {
            throw Corrupt($"the manifest names tensor {Quoted.Of(name)} twice, as {_claims[name]} and as {what}; each tensor backs one thing");
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
        if (declared > MaxHeaderBytes || declared > (ulong)(Length - 8))
        {
            throw Corrupt($"the header length at byte 0 is {declared}, but the file has {Length - 8} bytes after it (and a header may be at most {MaxHeaderBytes} bytes)");
        }

        var text = new ReadOnlySpan<byte>(_base + 8, (int)declared);

        // Checked up front so the error names the byte; JsonDocument would report it only when a string is read.
        if (!Utf8.IsValid(text))
        {
            throw Corrupt($"the header is not valid UTF-8 at byte {8 + FirstInvalidUtf8(text)}");
        }

        long dataStart = 8 + (long)declared;
        long dataLength = Length - dataStart;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(text.ToArray());
        }
        catch (JsonException ex)
        {
            throw Corrupt($"the header is not valid JSON: {ex.Message}");
        }

        using (header)
        {
            JsonField root = JsonField.Root(this, header.RootElement, "the header");
            if (header.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw root.Fail("is not a JSON object");
            }

            bool seenMetadata = false;
            foreach (JsonProperty property in header.RootElement.EnumerateObject())
            {
                string name = PropertyName(property, "the header");
                if (name == "__metadata__")
                {
                    if (seenMetadata)
                    {
                        throw Corrupt("the header holds '__metadata__' twice");
                    }

                    seenMetadata = true;
                    ReadMetadata(JsonField.Root(this, property.Value, "the header's '__metadata__'"), metadata);
                    continue;
                }

                TensorEntry entry = ReadEntry(name, JsonField.Root(this, property.Value, $"tensor {Quoted.Of(name)} in the header"), dataStart, dataLength);
                if (!tensors.TryAdd(entry.Name, entry))
                {
                    throw Corrupt($"tensor {Quoted.Of(entry.Name)} appears twice in the header");
                }
            }
        }

        CheckDisjoint(tensors.Values);
        return (metadata, tensors);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        int at = 0;
        while (at < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[at..], out _, out int consumed) != OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return at;
    }

    private string PropertyName(JsonProperty property, string where)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw Corrupt($"{where} has a key that is not valid text (it holds an unpaired surrogate escape)");
        }
    }

    private void ReadMetadata(JsonField json, Dictionary<string, string> metadata)
    {
        if (json.Value.ValueKind != JsonValueKind.Object)
        {
            throw json.Fail("is not an object of string values");
        }

        foreach (JsonProperty item in json.Value.EnumerateObject())
        {
            string key = PropertyName(item, "the header's '__metadata__'");
            JsonField value = json.Required(key);
            if (!metadata.TryAdd(key, value.String()))
            {
                throw Corrupt($"the header's '__metadata__' holds key {Quoted.Of(key)} twice");
            }
        }
    }

    private TensorEntry ReadEntry(string name, JsonField json, long dataStart, long dataLength)
    {
        string dtype = json.Required("dtype").String();
        int size = ElementSize(dtype);
        if (size == 0)
        {
            throw Corrupt($"tensor {Quoted.Of(name)} has unknown dtype {Quoted.Of(dtype)}");
        }

        List<JsonField> dimensions = json.Required("shape").Items();
        var shape = new long[dimensions.Count];
        long elements = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = dimensions[i].Int64(0, long.MaxValue);
        }

        // A zero anywhere makes the product zero, however large the other dimensions are.
        if (!shape.Contains(0))
        {
            foreach (long dimension in shape)
            {
                if (elements > long.MaxValue / dimension)
                {
                    throw Corrupt($"tensor {Quoted.Of(name)} has shape [{string.Join(", ", shape)}], whose element count overflows");
                }

                elements *= dimension;
            }
        }
        else
        {
            elements = 0;
        }

        List<JsonField> offsets = json.Required("data_offsets").Items();
        if (offsets.Count != 2)
        {
            throw Corrupt($"tensor {Quoted.Of(name)} has {offsets.Count} data_offsets; it needs two, [begin, end)");
        }

        long begin = offsets[0].Int64(0, long.MaxValue);
        long end = offsets[1].Int64(0, long.MaxValue);
        if (end < begin || end > dataLength)
        {
            throw Corrupt($"tensor {Quoted.Of(name)} has data_offsets [{begin}, {end}] outside the {dataLength}-byte data section (from byte {dataStart}); the file is truncated or its header is wrong");
        }

        if (elements > (end - begin) / size || elements * size != end - begin)
        {
            throw Corrupt($"tensor {Quoted.Of(name)} is {dtype} [{string.Join(", ", shape)}], {elements} elements of {size} bytes, but its data_offsets span {end - begin} bytes");
        }

        return new TensorEntry(name, dtype, shape, dataStart + begin, end - begin);
    }

    // Two tensors sharing bytes would let one write-once value be read as two; safetensors forbids it.
    private void CheckDisjoint(IEnumerable<TensorEntry> entries)
    {
        TensorEntry[] sorted = entries.Where(e => e.Length > 0).OrderBy(e => e.Offset).ThenBy(e => e.Name, StringComparer.Ordinal).ToArray();
        for (int i = 1; i < sorted.Length; i++)
        {
            TensorEntry before = sorted[i - 1];
            if (sorted[i].Offset < before.Offset + before.Length)
            {
                throw Corrupt($"tensors {Quoted.Of(before.Name)} and {Quoted.Of(sorted[i].Name)} overlap: bytes {before.Offset}–{before.Offset + before.Length} and {sorted[i].Offset}–{sorted[i].Offset + sorted[i].Length}");
            }
        }
    }
}
