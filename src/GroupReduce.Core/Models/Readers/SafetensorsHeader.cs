using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Parses a safetensors header in one forward pass over its bytes (no document tree), so time and memory
/// grow linearly with the header, and every error names the byte offset in the file where the fault lies.
/// The header must be UTF-8; every tensor entry needs <c>dtype</c> (a string), <c>shape</c> (non-negative
/// integers) and <c>data_offsets</c> (two non-negative integers), and every size is computed with overflow checks.
/// </summary>
internal ref struct SafetensorsHeader
{
    /// <summary>Where the header starts in the file (after the 8-byte length).</summary>
    public const int FileOffset = 8;

    private const string MetadataKey = "__metadata__";
    private const int MaxDepth = 16;

    private readonly string _path;
    private readonly List<long> _integers = new(8);
    private Utf8JsonReader _reader;

    private SafetensorsHeader(string path, ReadOnlySpan<byte> header)
    {
        _path = path;
        _reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
    }

    /// <summary>Parses the header.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="header">The header's bytes (file bytes 8 to 8 + N).</param>
    /// <returns>The metadata and the tensor entries in header order.</returns>
    public static (Dictionary<string, string> Metadata, List<Entry> Entries) Parse(string path, ReadOnlySpan<byte> header)
    {
        if (StrictUtf8.FirstInvalid(header) is var invalid and >= 0)
        {
            long bad = FileOffset + invalid;
            throw ModelError.InFile(
                ModelErrorCodes.HeaderInvalid,
                path,
                $"the safetensors header is not valid UTF-8: the byte sequence at byte {bad} of the file is not UTF-8. The file is corrupt or not safetensors; re-export it.");
        }

        var parser = new SafetensorsHeader(path, header);
        try
        {
            return parser.ParseRoot();
        }
        catch (JsonException e)
        {
            throw ModelError.InFile(
                ModelErrorCodes.HeaderInvalid,
                path,
                $"the safetensors header (bytes {FileOffset} to {FileOffset + header.Length}) is not valid JSON near byte {FileOffset + parser._reader.TokenStartIndex}: {e.Message} The file is corrupt or not safetensors.",
                e);
        }
    }

    private (Dictionary<string, string> Metadata, List<Entry> Entries) ParseRoot()
    {
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"the safetensors header is a JSON {Describe(_reader.TokenType)}, not an object of tensors");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool metadataSeen = false;
        while (Read() != JsonTokenType.EndObject)
        {
            long at = Offset;
            string name = Text("a tensor name");
            if (name == MetadataKey)
            {
                if (metadataSeen)
                {
                    throw ModelError.InFile(ModelErrorCodes.DuplicateName, _path, $"the safetensors header has a second __metadata__ entry at byte {at}. Re-export the model.");
                }

                metadataSeen = true;
                ReadMetadata(metadata);
                continue;
            }

            if (!seen.Add(name))
            {
                throw ModelError.InFile(ModelErrorCodes.DuplicateName, _path, $"tensor '{Excerpt.Of(name)}' appears again at byte {at} of the safetensors header. Re-export the model with unique tensor names.");
            }

            entries.Add(ReadEntry(name, entries.Count));
        }

        if (_reader.Read())
        {
            throw Invalid($"the safetensors header has more JSON after its object, at byte {Offset}");
        }

        return (metadata, entries);
    }

    private void ReadMetadata(Dictionary<string, string> metadata)
    {
        if (Read() != JsonTokenType.StartObject)
        {
            throw Invalid($"the safetensors __metadata__ (byte {Offset}) is a JSON {Describe(_reader.TokenType)}; it must be an object of string values");
        }

        while (Read() != JsonTokenType.EndObject)
        {
            long at = Offset;
            string key = Text("a __metadata__ key");
            if (Read() != JsonTokenType.String)
            {
                throw Invalid($"the safetensors __metadata__ key '{Excerpt.Of(key)}' (byte {at}) holds a JSON {Describe(_reader.TokenType)}; metadata values must be strings");
            }

            string value = Text($"the value of __metadata__ key '{Excerpt.Of(key)}'");
            if (!metadata.TryAdd(key, value))
            {
                throw ModelError.InFile(ModelErrorCodes.DuplicateName, _path, $"the safetensors __metadata__ key '{Excerpt.Of(key)}' appears again at byte {at}.");
            }
        }
    }

    private Entry ReadEntry(string name, int order)
    {
        if (Read() != JsonTokenType.StartObject)
        {
            throw Bad(name, $"its header entry (byte {Offset}) is a JSON {Describe(_reader.TokenType)}, not an object with dtype, shape and data_offsets");
        }

        string? dtypeName = null;
        long[]? shape = null;
        long[]? offsets = null;
        while (Read() != JsonTokenType.EndObject)
        {
            string field = Text($"a field name of tensor '{Excerpt.Of(name)}'");
            switch (field)
            {
                case "dtype":
                    dtypeName = Read() == JsonTokenType.String
                        ? Text($"the dtype of tensor '{Excerpt.Of(name)}'")
                        : throw Bad(name, $"its dtype (byte {Offset}) is a JSON {Describe(_reader.TokenType)}, not a string");
                    break;
                case "shape":
                    shape = ReadIntegers(name, "shape");
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(name, "data_offsets");
                    break;
                default:
                    // Unknown fields are allowed, as the reference reader allows them; skip the whole value.
                    Read();
                    _reader.Skip();
                    break;
            }
        }

        string? missing = dtypeName is null ? "dtype" : shape is null ? "shape" : offsets is null ? "data_offsets" : null;
        if (missing is not null)
        {
            throw Bad(name, $"its header entry (ending at byte {Offset}) has no {missing}");
        }

        return Check(name, dtypeName!, shape!, offsets!, order);
    }

    private Entry Check(string name, string dtypeName, long[] shape, long[] offsets, int order)
    {
        string shown = Excerpt.Of(name);
        if (!SafetensorsDType.TryParse(dtypeName, out TensorDType dtype, out int elementSize))
        {
            throw ModelError.InFile(
                ModelErrorCodes.UnknownDType,
                _path,
                $"tensor '{shown}' has dtype '{Excerpt.Of(dtypeName)}', which is not supported (supported: {string.Join(", ", SafetensorsDType.All)}). Convert the tensor to one of those types before compressing.");
        }

        if (offsets.Length != 2)
        {
            throw Bad(name, $"its data_offsets hold {offsets.Length} numbers; they must be two, [begin, end]");
        }

        if (offsets[1] < offsets[0])
        {
            throw ModelError.InFile(ModelErrorCodes.DataOutOfBounds, _path, $"tensor '{shown}': data_offsets [{offsets[0]}, {offsets[1]}] end before they begin. The header is corrupt; re-export the model.");
        }

        long length = offsets[1] - offsets[0];
        if (!ShapeMath.TryByteLength(shape, elementSize, out long expected))
        {
            throw ModelError.InFile(ModelErrorCodes.InvalidShape, _path, $"tensor '{shown}' has shape {ShapeMath.Format(shape)}, whose size in bytes overflows 64 bits. The header is corrupt.");
        }

        if (expected != length)
        {
            throw ModelError.InFile(
                ModelErrorCodes.ByteLengthMismatch,
                _path,
                $"tensor '{shown}' ({dtypeName}, shape {ShapeMath.Format(shape)}) needs {expected} bytes but data_offsets [{offsets[0]}, {offsets[1]}] give {length}. The header is corrupt; re-export the model.");
        }

        return new Entry(name, dtype, shape, offsets[0], offsets[1], order);
    }

    private long[] ReadIntegers(string name, string field)
    {
        if (Read() != JsonTokenType.StartArray)
        {
            throw Bad(name, $"its {field} (byte {Offset}) is a JSON {Describe(_reader.TokenType)}, not an array of integers");
        }

        List<long> values = _integers;
        values.Clear();
        while (Read() != JsonTokenType.EndArray)
        {
            if (_reader.TokenType != JsonTokenType.Number || !_reader.TryGetInt64(out long value) || value < 0)
            {
                string shown = _reader.TokenType == JsonTokenType.Number ? Excerpt.Of(_reader.ValueSpan) : "a JSON " + Describe(_reader.TokenType);
                throw ModelError.InFile(
                    field == "shape" ? ModelErrorCodes.InvalidShape : ModelErrorCodes.HeaderInvalid,
                    _path,
                    $"tensor '{Excerpt.Of(name)}': its {field} holds {shown} at byte {Offset}, not an integer from 0 to {long.MaxValue}. The safetensors header is malformed; re-export the model.");
            }

            values.Add(value);
        }

        return [.. values];
    }

    private long Offset => FileOffset + _reader.TokenStartIndex;

    private JsonTokenType Read()
    {
        if (!_reader.Read())
        {
            throw Invalid("the safetensors header ends inside its JSON");
        }

        return _reader.TokenType;
    }

    // A property name or string value; an escape that decodes to no valid text (a lone surrogate such as
    // \uDDDD) is refused here, since the bytes themselves were checked to be UTF-8 already.
    private string Text(string what)
    {
        try
        {
            return _reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw ModelError.InFile(
                ModelErrorCodes.HeaderInvalid,
                _path,
                $"{what} in the safetensors header, the string at byte {Offset}, has an escape that is not valid Unicode (e.g. a lone surrogate \\uDDDD). The file is corrupt; re-export it.",
                e);
        }
    }

    private readonly GroupReduceException Invalid(string problem) =>
        ModelError.InFile(ModelErrorCodes.HeaderInvalid, _path, $"{problem}. The file is corrupt or not safetensors.");

    private readonly GroupReduceException Bad(string name, string problem) =>
        ModelError.InFile(ModelErrorCodes.HeaderInvalid, _path, $"tensor '{Excerpt.Of(name)}': {problem}. The safetensors header is malformed; re-export the model.");

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.None => "nothing (empty)",
        _ => type.ToString(),
    };

    /// <summary>One tensor's validated header entry.</summary>
    /// <param name="Name">The tensor's name.</param>
    /// <param name="DType">The element type.</param>
    /// <param name="Shape">The shape.</param>
    /// <param name="Begin">The first data byte, relative to the data section.</param>
    /// <param name="End">One past the last data byte.</param>
    /// <param name="Order">The entry's position in the header.</param>
    internal sealed record Entry(string Name, TensorDType DType, long[] Shape, long Begin, long End, int Order);
}
