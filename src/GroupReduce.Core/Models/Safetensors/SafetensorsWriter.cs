using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models.Safetensors;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models;

/// <summary>
/// Writes a safetensors file to a stream, deterministically and without holding tensor data in memory.
/// Tensors are ordered by element size (8-byte types, then 4, 2, 1) and then by ordinal name, so every
/// tensor's data starts at a multiple of its element size; the data section is contiguous (as the Rust
/// <c>safetensors</c> crate requires). The header is compact JSON with <c>__metadata__</c> first (keys
/// sorted), then the tensors in data order, each as <c>dtype</c>, <c>shape</c>, <c>data_offsets</c>;
/// it is padded with spaces so the data section starts at a multiple of 8.
/// </summary>
public static class SafetensorsWriter
{
    private const string MetadataKey = "__metadata__";

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Validates the entries and puts them in file order.</summary>
    /// <param name="tensors">The entries.</param>
    /// <returns>The entries in the order their data is written.</returns>
    /// <exception cref="GroupReduceException"><see cref="ModelErrorCodes.WriterInvalidEntry"/> for an invalid entry.</exception>
    public static IReadOnlyList<SafetensorsEntry> Order(IEnumerable<SafetensorsEntry> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sized = new List<(SafetensorsEntry Entry, int Size)>();
        foreach (SafetensorsEntry entry in tensors)
        {
            ArgumentNullException.ThrowIfNull(entry);
            sized.Add((entry, Validate(entry, names)));
        }

        sized.Sort((a, b) => a.Size != b.Size ? b.Size.CompareTo(a.Size) : string.CompareOrdinal(a.Entry.Name, b.Entry.Name));
        return [.. sized.Select(s => s.Entry)];
    }

    /// <summary>Builds the header bytes (JSON padded with spaces to a multiple of 8) for entries already in file order.</summary>
    /// <param name="metadata">The <c>__metadata__</c> entries; omitted when <see langword="null"/> or empty.</param>
    /// <param name="ordered">The entries, as <see cref="Order"/> returns them.</param>
    /// <returns>The header, without the 8-byte length prefix.</returns>
    public static byte[] BuildHeader(IReadOnlyDictionary<string, string>? metadata, IReadOnlyList<SafetensorsEntry> ordered)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (KeyValuePair<string, string> item in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    ArgumentNullException.ThrowIfNull(item.Value, nameof(metadata));
                    json.WriteString(item.Key, item.Value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (SafetensorsEntry entry in ordered)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType);
                json.WriteStartArray("shape");
                foreach (long dimension in entry.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + entry.ByteLength);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.ByteLength;
            }

            json.WriteEndObject();
        }

        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    /// <summary>Writes the whole file: the 8-byte header length, the header, then each entry's data in order.</summary>
    /// <param name="destination">The output stream (not disposed; write to a temporary file and rename for atomicity).</param>
    /// <param name="metadata">The <c>__metadata__</c> entries, or <see langword="null"/>.</param>
    /// <param name="tensors">The tensors, in any order.</param>
    /// <param name="cancellationToken">Checked between tensors.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="GroupReduceException">
    /// <see cref="ModelErrorCodes.WriterInvalidEntry"/> for an invalid entry (before anything is written);
    /// <see cref="ModelErrorCodes.WriterDataLengthMismatch"/> when a data callback writes the wrong number of bytes.
    /// </exception>
    public static long Write(Stream destination, IReadOnlyDictionary<string, string>? metadata, IEnumerable<SafetensorsEntry> tensors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        IReadOnlyList<SafetensorsEntry> ordered = Order(tensors);
        byte[] header = BuildHeader(metadata, ordered);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        destination.Write(length);
        destination.Write(header);
        long total = 8 + header.Length;
        foreach (SafetensorsEntry entry in ordered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var checkedStream = new LengthCheckedStream(destination, entry.Name, entry.ByteLength);
            entry.WriteData(checkedStream);
            if (checkedStream.Written != entry.ByteLength)
            {
                throw LengthCheckedStream.Mismatch(entry.Name, entry.ByteLength, checkedStream.Written);
            }

            total += entry.ByteLength;
        }

        return total;
    }

    private static int Validate(SafetensorsEntry entry, HashSet<string> names)
    {
        if (string.IsNullOrEmpty(entry.Name) || entry.Name == MetadataKey)
        {
            throw Invalid(entry.Name ?? string.Empty, "its name is empty or the reserved '__metadata__'");
        }

        if (!names.Add(entry.Name))
        {
            throw Invalid(entry.Name, "the name is used twice");
        }

        if (entry.DType is null || !SafetensorsDType.TryParse(entry.DType, out _, out int size))
        {
            throw Invalid(entry.Name, $"dtype '{entry.DType}' is not one of {string.Join(", ", SafetensorsDType.All)}");
        }

        if (entry.Shape is null || entry.WriteData is null)
        {
            throw Invalid(entry.Name, "its shape or data callback is missing");
        }

        long[] shape = [.. entry.Shape];
        if (!ShapeMath.TryByteLength(shape, size, out long expected))
        {
            throw Invalid(entry.Name, $"shape {ShapeMath.Format(shape)} has a negative dimension or overflows 64 bits");
        }

        if (expected != entry.ByteLength)
        {
            throw Invalid(entry.Name, $"shape {ShapeMath.Format(shape)} of {entry.DType} needs {expected} bytes but ByteLength is {entry.ByteLength}");
        }

        return size;
    }

    private static GroupReduceException Invalid(string name, string problem) =>
        new(ModelErrorCodes.WriterInvalidEntry, $"safetensors entry '{name}': {problem}. Fix the entry before writing.");
}
