using System.Buffers.Binary;
using System.Text.Json;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads safetensors: a little-endian u64 header length N, N bytes of UTF-8 JSON, then the data section,
/// which the tensors' <c>data_offsets</c> must cover exactly, without gaps or overlaps (the same rules as
/// the reference Rust crate).
/// </summary>
internal static class SafetensorsReader
{
    /// <summary>The header size limit of the reference implementation.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>Reads the file's header and validates every tensor against the data section.</summary>
    /// <param name="file">The mapped file; the result owns it.</param>
    /// <returns>The model file.</returns>
    public static LoadedModelFile Read(MappedFile file)
    {
        string path = file.Path;
        var cursor = new ByteCursor(file, 0, file.Length);
        ulong declared = cursor.ReadUInt64("safetensors header length");
        if (declared > MaxHeaderBytes)
        {
            throw ModelError.InFile(
                ModelErrorCodes.HeaderTooLarge,
                path,
                $"the safetensors header length at byte 0 is {declared} bytes, over the 100 MB limit. The file is corrupt or not safetensors; re-export it.");
        }

        long headerLength = (long)declared;
        if (headerLength > file.Length - 8)
        {
            throw ModelError.InFile(
                ModelErrorCodes.HeaderTooLarge,
                path,
                $"the safetensors header length at byte 0 is {headerLength} bytes, but only {file.Length - 8} bytes follow it. The file is truncated or corrupt; re-download or re-export it.");
        }

        long dataStart = 8 + headerLength;
        long dataLength = file.Length - dataStart;
        (Dictionary<string, string> metadata, List<Entry> entries) = ParseHeader(path, file.Span(8, (int)headerLength));

        var tensors = new List<ModelTensor>(entries.Count);
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End != b.End ? a.End.CompareTo(b.End) : a.Order.CompareTo(b.Order));
        long covered = 0;
        foreach (Entry entry in entries)
        {
            if (entry.End > dataLength)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.DataOutOfBounds,
                    path,
                    $"tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] reach past the end of the data section ({dataLength} bytes, starting at byte {dataStart}). The file is truncated or its header is wrong.");
            }

            if (entry.Begin < covered)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.TensorsOverlap,
                    path,
                    $"tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] overlap the previous tensor, which ends at {covered}. The header is corrupt; re-export the model.");
            }

            if (entry.Begin > covered)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.TensorsNotContiguous,
                    path,
                    $"tensor '{entry.Name}': data starts at {entry.Begin} but the previous tensor ends at {covered}, leaving a gap of {entry.Begin - covered} bytes; safetensors requires tensors to cover the data section contiguously. Re-export the model.");
            }

            covered = entry.End;
            var data = new MappedRange(file, dataStart + entry.Begin, entry.End - entry.Begin);
            tensors.Add(new StoredTensor(path, entry.Name, entry.DType, entry.Shape, entry.End - entry.Begin, data));
        }

        if (covered != dataLength)
        {
            throw ModelError.InFile(
                ModelErrorCodes.TensorsNotContiguous,
                path,
                $"the tensors cover {covered} bytes of the data section but it holds {dataLength} (the last {dataLength - covered} bytes, from byte {dataStart + covered}, belong to no tensor). Safetensors forbids unused bytes; the file is corrupt or was appended to.");
        }

        IReadOnlyList<string>? vocabulary = SafetensorsVocabulary.Read(path, tensors);
        return new LoadedModelFile(path, ModelFormat.Safetensors, tensors, vocabulary, metadata, [file]);
    }

    private static (Dictionary<string, string> Metadata, List<Entry> Entries) ParseHeader(string path, ReadOnlySpan<byte> header)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw ModelError.InFile(
                ModelErrorCodes.HeaderInvalid,
                path,
                $"the safetensors header (bytes 8 to {8 + header.Length}) is not valid JSON: {e.Message} The file is corrupt or not safetensors.",
                e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"the safetensors header is a JSON {document.RootElement.ValueKind}, not an object of tensors. The file is corrupt or not safetensors.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool metadataSeen = false;
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (metadataSeen)
                    {
                        throw ModelError.InFile(ModelErrorCodes.DuplicateName, path, "the safetensors header has two __metadata__ entries. Re-export the model.");
                    }

                    metadataSeen = true;
                    ReadMetadata(path, property.Value, metadata);
                    continue;
                }

                if (!seen.Add(property.Name))
                {
                    throw ModelError.InFile(ModelErrorCodes.DuplicateName, path, $"tensor '{property.Name}' appears twice in the safetensors header. Re-export the model with unique tensor names.");
                }

                entries.Add(ReadEntry(path, property.Name, property.Value, entries.Count));
            }

            return (metadata, entries);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"the safetensors __metadata__ is a JSON {value.ValueKind}; it must be an object of string values.");
        }

        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"the safetensors __metadata__ key '{item.Name}' holds a JSON {item.Value.ValueKind}; metadata values must be strings.");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw ModelError.InFile(ModelErrorCodes.DuplicateName, path, $"the safetensors __metadata__ key '{item.Name}' appears twice.");
            }
        }
    }

    private static Entry ReadEntry(string path, string name, JsonElement value, int order)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, name, $"its header entry is a JSON {value.ValueKind}, not an object with dtype, shape and data_offsets");
        }

        string? dtypeName = null;
        long[]? shape = null;
        long[]? offsets = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype":
                    dtypeName = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : throw Bad(path, name, "its dtype is not a string");
                    break;
                case "shape":
                    shape = ReadIntegers(path, name, "shape", field.Value);
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(path, name, "data_offsets", field.Value);
                    break;
                default:
                    break;
            }
        }

        if (dtypeName is null || shape is null || offsets is null)
        {
            throw Bad(path, name, $"its header entry lacks {(dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets")}");
        }

        if (!SafetensorsDType.TryParse(dtypeName, out TensorDType dtype, out int elementSize))
        {
            throw ModelError.InFile(
                ModelErrorCodes.UnknownDType,
                path,
                $"tensor '{name}' has dtype '{dtypeName}', which is not supported (supported: {string.Join(", ", SafetensorsDType.All)}). Convert the tensor to one of those types before compressing.");
        }

        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                throw ModelError.InFile(ModelErrorCodes.InvalidShape, path, $"tensor '{name}' has shape {ShapeMath.Format(shape)} with a negative dimension. The header is corrupt; re-export the model.");
            }
        }

        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < 0)
        {
            throw Bad(path, name, "its data_offsets must be two non-negative integers [begin, end]");
        }

        if (offsets[1] < offsets[0])
        {
            throw ModelError.InFile(ModelErrorCodes.DataOutOfBounds, path, $"tensor '{name}': data_offsets [{offsets[0]}, {offsets[1]}] end before they begin. The header is corrupt; re-export the model.");
        }

        long length = offsets[1] - offsets[0];
        if (!ShapeMath.TryByteLength(shape, elementSize, out long expected))
        {
            throw ModelError.InFile(ModelErrorCodes.InvalidShape, path, $"tensor '{name}' has shape {ShapeMath.Format(shape)}, whose size overflows 64 bits. The header is corrupt.");
        }

        if (expected != length)
        {
            throw ModelError.InFile(
                ModelErrorCodes.ByteLengthMismatch,
                path,
                $"tensor '{name}' ({dtypeName}, shape {ShapeMath.Format(shape)}) needs {expected} bytes but data_offsets [{offsets[0]}, {offsets[1]}] give {length}. The header is corrupt; re-export the model.");
        }

        return new Entry(name, dtype, shape, offsets[0], offsets[1], order);
    }

    private static long[] ReadIntegers(string path, string name, string field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Bad(path, name, $"its {field} is not an array");
        }

        var result = new long[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out result[i]))
            {
                throw Bad(path, name, $"its {field} holds {item.GetRawText()}, not an integer that fits 64 bits");
            }

            i++;
        }

        return result;
    }

    private static Abstractions.GroupReduceException Bad(string path, string name, string problem) =>
        ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"tensor '{name}': {problem}. The safetensors header is malformed; re-export the model.");

    private sealed record Entry(string Name, TensorDType DType, long[] Shape, long Begin, long End, int Order);
}
