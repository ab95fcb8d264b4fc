using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads GGUF (versions 2 and 3, little-endian): magic, version, tensor and key/value counts, the
/// metadata, the tensor infos, then the data section at the next multiple of <c>general.alignment</c>
/// (default 32). Shapes are exposed outermost first, the reverse of ggml's <c>ne</c> order. The tokens
/// of <c>tokenizer.ggml.tokens</c> are the vocabulary. The header up to the tensor infos is kept verbatim as
/// <see cref="ModelFile.GgufMetadata"/>, so a GGUF export can write every key/value back with its type.
/// </summary>
internal static class GgufReader
{
    /// <summary>The metadata key holding the data alignment.</summary>
    public const string AlignmentKey = "general.alignment";

    /// <summary>The metadata key holding the vocabulary.</summary>
    public const string TokensKey = "tokenizer.ggml.tokens";

    private const uint DefaultAlignment = 32;
    private const int MaxDimensions = 4;
    private const int MaxArrayDepth = 8;

    // Magic (4), version (4), then the tensor count (8) and the key/value count (8).
    private const int TensorCountAt = 8;
    private const int KeyValuesAt = 24;

    private const uint TypeUInt8 = 0;
    private const uint TypeInt8 = 1;
    private const uint TypeUInt16 = 2;
    private const uint TypeInt16 = 3;
    private const uint TypeUInt32 = 4;
    private const uint TypeInt32 = 5;
    private const uint TypeFloat32 = 6;
    private const uint TypeBool = 7;
    private const uint TypeString = 8;
    private const uint TypeArray = 9;
    private const uint TypeUInt64 = 10;
    private const uint TypeInt64 = 11;
    private const uint TypeFloat64 = 12;

    /// <summary>Reads the header and validates every tensor's range.</summary>
    /// <param name="file">The mapped file; the result owns it.</param>
    /// <returns>The model file.</returns>
    public static LoadedModelFile Read(MappedFile file)
    {
        string path = file.Path;
        var cursor = new ByteCursor(file, 0, file.Length);
        if (!cursor.Take(4, "GGUF magic").SequenceEqual("GGUF"u8))
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, "the file does not start with the GGUF magic.");
        }

        uint version = cursor.ReadUInt32("GGUF version");
        CheckVersion(path, version);
        ulong tensorCount = cursor.ReadUInt64("GGUF tensor count");
        ulong keyCount = cursor.ReadUInt64("GGUF metadata count");

        // Each key/value needs at least 13 bytes and each tensor info 24, so larger counts are lies.
        if (keyCount > (ulong)cursor.Remaining / 13 || tensorCount > (ulong)cursor.Remaining / 24)
        {
            throw ModelError.InFile(
                ModelErrorCodes.Truncated,
                path,
                $"the GGUF header declares {tensorCount} tensors and {keyCount} metadata entries, more than the {cursor.Remaining} remaining bytes can hold. The file is truncated or corrupt.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? vocabulary = null;
        uint alignment = DefaultAlignment;
        for (ulong i = 0; i < keyCount; i++)
        {
            long at = cursor.Position;
            string key = ReadString(ref cursor, "metadata key", strict: true);
            uint type = cursor.ReadUInt32($"type of metadata '{Excerpt.Of(key)}'");
            if (metadata.ContainsKey(key))
            {
                throw ModelError.InFile(ModelErrorCodes.DuplicateName, path, $"metadata key '{Excerpt.Of(key)}' (byte {at}) appears twice. The file is corrupt; convert the model again.");
            }

            List<string>? tokens = key == TokensKey && type == TypeArray ? [] : null;
            string text = ReadValue(ref cursor, path, key, type, 0, tokens);
            if (tokens is not null && text.StartsWith("array<string>", StringComparison.Ordinal))
            {
                vocabulary = tokens;
            }

            if (key == AlignmentKey)
            {
                alignment = ReadAlignment(path, type, text);
            }

            metadata.Add(key, text);
        }

        byte[]? header = KeptHeader(file, cursor.Position);
        List<Info> infos = ReadInfos(ref cursor, path, tensorCount);
        long dataStart = AlignUp(cursor.Position, alignment);
        var tensors = new List<ModelTensor>(infos.Count);
        foreach (Info info in infos)
        {
            if (info.Offset % alignment != 0)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.UnsupportedLayout,
                    path,
                    $"tensor '{Excerpt.Of(info.Name)}' starts at data offset {info.Offset}, not a multiple of the alignment {alignment}. The file is corrupt; convert the model again.");
            }

            if (info.Offset > (ulong)long.MaxValue || dataStart > file.Length || (long)info.Offset > file.Length - dataStart || info.Bytes > file.Length - dataStart - (long)info.Offset)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.DataOutOfBounds,
                    path,
                    $"tensor '{Excerpt.Of(info.Name)}' ({info.Type.Name}, {info.Bytes} bytes at data offset {info.Offset}, data section from byte {dataStart}) reaches past the end of the file ({file.Length} bytes). The file is truncated; re-download it.");
            }

            var data = new MappedRange(file, dataStart + (long)info.Offset, info.Bytes);
            tensors.Add(new StoredTensor(path, info.Name, info.Type.DType, info.Shape, info.Bytes, data, info.Type.IsBlockType ? info.Type.Name : null));
        }

        CheckOverlaps(path, infos);
        return new LoadedModelFile(path, ModelFormat.Gguf, tensors, vocabulary, metadata, [file], ggufMetadata: header);
    }

    /// <summary>
    /// Reads a <see cref="ModelFile.GgufMetadata"/> header (as an artifact keeps it) with every check <see cref="Read"/> makes,
    /// through a temporary file, so one reader judges GGUF key/values wherever they come from.
    /// </summary>
    /// <param name="displayPath">What messages name (the artifact and its metadata key).</param>
    /// <param name="header">A GGUF file with no tensors.</param>
    /// <returns>The file: its metadata (general.alignment among them), no tensors. Dispose it.</returns>
    public static LoadedModelFile ReadHeader(string displayPath, ReadOnlySpan<byte> header)
    {
        FileStream stream = TemporaryFile.Create(displayPath);
        try
        {
            stream.Write(header);
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw TemporaryFile.Failed(displayPath, e);
        }

        LoadedModelFile file = Read(MappedFile.FromStream(displayPath, stream));
        if (file.Tensors.Count > 0)
        {
            file.Dispose();
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, displayPath, "the GGUF metadata declares tensors; it must be a header with none. The artifact is damaged; compress the model again.");
        }

        return file;
    }

    // The magic, version and key/values as one GGUF file with no tensors (the count zeroed); null past 2 GB, which no
    // real tokenizer reaches and no artifact header could hold.
    private static byte[]? KeptHeader(MappedFile file, long end)
    {
        if (end > int.MaxValue)
        {
            return null;
        }

        byte[] header = file.Span(0, (int)end).ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(TensorCountAt), 0);
        return header;
    }

    private static void CheckVersion(string path, uint version)
    {
        if (version is 2 or 3)
        {
            return;
        }

        if (BinaryPrimitives.ReverseEndianness(version) is 2 or 3)
        {
            throw ModelError.InFile(ModelErrorCodes.UnsupportedLayout, path, "the GGUF file is big-endian; only little-endian GGUF is supported. Convert it on a little-endian machine with llama.cpp's tools.");
        }

        string advice = version == 1
            ? "GGUF version 1 is obsolete (32-bit counts); convert the model again with a current llama.cpp."
            : "only versions 2 and 3 are supported; the file is corrupt or from a newer GGUF.";
        throw ModelError.InFile(ModelErrorCodes.UnsupportedVersion, path, $"GGUF version {version} at byte 4: {advice}");
    }

    private static uint ReadAlignment(string path, uint type, string text)
    {
        if (type != TypeUInt32 || !uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint alignment) || alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"'{AlignmentKey}' must be a uint32 power of two, not '{text}'. The file is corrupt.");
        }

        return alignment;
    }

    private static List<Info> ReadInfos(ref ByteCursor cursor, string path, ulong count)
    {
        var infos = new List<Info>((int)Math.Min(count, 1 << 16));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (ulong i = 0; i < count; i++)
        {
            string name = ReadString(ref cursor, "tensor name", strict: true);
            if (!names.Add(name))
            {
                throw ModelError.InFile(ModelErrorCodes.DuplicateName, path, $"tensor '{Excerpt.Of(name)}' appears twice. The file is corrupt; convert the model again.");
            }

            uint dimensions = cursor.ReadUInt32($"dimension count of tensor '{Excerpt.Of(name)}'");
            if (dimensions is 0 or > MaxDimensions)
            {
                throw ModelError.InFile(ModelErrorCodes.InvalidShape, path, $"tensor '{Excerpt.Of(name)}' has {dimensions} dimensions; GGUF tensors have 1 to {MaxDimensions}. The file is corrupt.");
            }

            var shape = new long[dimensions];
            for (int d = 0; d < dimensions; d++)
            {
                ulong size = cursor.ReadUInt64($"dimensions of tensor '{Excerpt.Of(name)}'");
                if (size > long.MaxValue)
                {
                    throw ModelError.InFile(ModelErrorCodes.InvalidShape, path, $"tensor '{Excerpt.Of(name)}' has dimension {d} of {size}, which is negative as a signed 64-bit count. The file is corrupt.");
                }

                // ggml lists ne0 (the fastest-varying dimension) first; the shape is exposed outermost first.
                shape[dimensions - 1 - d] = (long)size;
            }

            uint typeId = cursor.ReadUInt32($"type of tensor '{Excerpt.Of(name)}'");
            GgmlType type = GgmlType.Find(typeId) ?? throw ModelError.InFile(
                ModelErrorCodes.UnknownGgmlType,
                path,
                $"tensor '{Excerpt.Of(name)}' has GGML type id {typeId}, which this reader does not know (known: {GgmlType.KnownNames()}). Requantize the model to a known type with llama.cpp.");
            ulong offset = cursor.ReadUInt64($"data offset of tensor '{Excerpt.Of(name)}'");

            long innermost = shape[^1];
            if (!ShapeMath.TryElementCount(shape, out long elements) || innermost % type.BlockElements != 0
                || elements / type.BlockElements > long.MaxValue / type.BlockBytes)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.InvalidShape,
                    path,
                    $"tensor '{Excerpt.Of(name)}' ({type.Name}, shape {ShapeMath.Format(shape)}) is invalid: its innermost dimension must be a multiple of {type.BlockElements} and its size must fit 64 bits. The file is corrupt.");
            }

            infos.Add(new Info(name, type, shape, offset, elements / type.BlockElements * type.BlockBytes));
        }

        return infos;
    }

    private static void CheckOverlaps(string path, List<Info> infos)
    {
        Info[] sorted = [.. infos.OrderBy(i => i.Offset).ThenBy(i => i.Bytes)];
        for (int i = 1; i < sorted.Length; i++)
        {
            Info previous = sorted[i - 1];
            if (sorted[i].Offset < previous.Offset + (ulong)previous.Bytes && sorted[i].Bytes > 0 && previous.Bytes > 0)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.TensorsOverlap,
                    path,
                    $"tensor '{Excerpt.Of(sorted[i].Name)}' (data offset {sorted[i].Offset}) overlaps tensor '{Excerpt.Of(previous.Name)}' ({previous.Bytes} bytes at {previous.Offset}). The file is corrupt; convert the model again.");
            }
        }
    }

    private static string ReadValue(ref ByteCursor cursor, string path, string key, uint type, int depth, List<string>? collect)
    {
        string what = $"value of metadata '{Excerpt.Of(key)}'";
        switch (type)
        {
            case TypeUInt8:
                return cursor.ReadByte(what).ToString(CultureInfo.InvariantCulture);
            case TypeInt8:
                return ((sbyte)cursor.ReadByte(what)).ToString(CultureInfo.InvariantCulture);
            case TypeUInt16:
                return cursor.ReadUInt16(what).ToString(CultureInfo.InvariantCulture);
            case TypeInt16:
                return ((short)cursor.ReadUInt16(what)).ToString(CultureInfo.InvariantCulture);
            case TypeUInt32:
                return cursor.ReadUInt32(what).ToString(CultureInfo.InvariantCulture);
            case TypeInt32:
                return ((int)cursor.ReadUInt32(what)).ToString(CultureInfo.InvariantCulture);
            case TypeFloat32:
                return BitConverter.UInt32BitsToSingle(cursor.ReadUInt32(what)).ToString("R", CultureInfo.InvariantCulture);
            case TypeBool:
                return cursor.ReadByte(what) != 0 ? "true" : "false";
            case TypeString:
                return ReadString(ref cursor, what);
            case TypeUInt64:
                return cursor.ReadUInt64(what).ToString(CultureInfo.InvariantCulture);
            case TypeInt64:
                return ((long)cursor.ReadUInt64(what)).ToString(CultureInfo.InvariantCulture);
            case TypeFloat64:
                return BitConverter.UInt64BitsToDouble(cursor.ReadUInt64(what)).ToString("R", CultureInfo.InvariantCulture);
            case TypeArray:
                return ReadArray(ref cursor, path, key, depth, collect);
            default:
                throw ModelError.InFile(
                    ModelErrorCodes.HeaderInvalid,
                    path,
                    $"metadata '{Excerpt.Of(key)}' has value type {type} (before byte {cursor.Position}); GGUF defines types 0 to 12. The file is corrupt or from a newer GGUF.");
        }
    }

    private static string ReadArray(ref ByteCursor cursor, string path, string key, int depth, List<string>? collect)
    {
        if (depth >= MaxArrayDepth)
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"metadata '{Excerpt.Of(key)}' nests arrays more than {MaxArrayDepth} deep. The file is corrupt.");
        }

        string what = $"array of metadata '{Excerpt.Of(key)}'";
        uint elementType = cursor.ReadUInt32(what);
        ulong count = cursor.ReadUInt64(what);
        int size = FixedSize(elementType);
        if (size > 0)
        {
            if (count > (ulong)cursor.Remaining / (ulong)size)
            {
                throw TooMany(path, key, count, cursor);
            }

            cursor.Skip((long)count * size, what);
        }
        else if (elementType is TypeString or TypeArray)
        {
            // Every string or array element takes at least 8 bytes, so a larger count cannot be true.
            if (count > (ulong)cursor.Remaining / 8)
            {
                throw TooMany(path, key, count, cursor);
            }

            for (ulong i = 0; i < count; i++)
            {
                if (elementType == TypeString)
                {
                    string item = ReadString(ref cursor, what);
                    collect?.Add(item);
                }
                else
                {
                    ReadArray(ref cursor, path, key, depth + 1, null);
                }
            }
        }
        else
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"metadata '{Excerpt.Of(key)}' is an array of value type {elementType}; GGUF defines types 0 to 12. The file is corrupt.");
        }

        return $"array<{TypeName(elementType)}>[{count}]";
    }

    private static int FixedSize(uint type) => type switch
    {
        TypeUInt8 or TypeInt8 or TypeBool => 1,
        TypeUInt16 or TypeInt16 => 2,
        TypeUInt32 or TypeInt32 or TypeFloat32 => 4,
        TypeUInt64 or TypeInt64 or TypeFloat64 => 8,
        _ => 0,
    };

    private static string TypeName(uint type) => type switch
    {
        TypeUInt8 => "uint8",
        TypeInt8 => "int8",
        TypeUInt16 => "uint16",
        TypeInt16 => "int16",
        TypeUInt32 => "uint32",
        TypeInt32 => "int32",
        TypeFloat32 => "float32",
        TypeBool => "bool",
        TypeString => "string",
        TypeArray => "array",
        TypeUInt64 => "uint64",
        TypeInt64 => "int64",
        _ => "float64",
    };

    // Keys and tensor names must be UTF-8, as the format says; string values (tokens among them) are
    // decoded leniently, since some converters write byte-fragment tokens that are not.
    private static string ReadString(ref ByteCursor cursor, string what, bool strict = false)
    {
        ulong length = cursor.ReadUInt64(what);
        cursor.Require((long)Math.Min(length, long.MaxValue), what);
        if (length > int.MaxValue)
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, cursor.FilePath, $"the {what} at byte {cursor.Position - 8} declares {length} bytes, more than a string may hold. The file is corrupt.");
        }

        long at = cursor.Position;
        ReadOnlySpan<byte> bytes = cursor.Take((int)length, what);
        if (!strict)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        try
        {
            return StrictUtf8.Encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw ModelError.InFile(ModelErrorCodes.HeaderInvalid, cursor.FilePath, $"the {what} at byte {at} is not valid UTF-8 (starting '{Excerpt.Of(bytes)}'). The file is corrupt; convert the model again.", e);
        }
    }

    private static Abstractions.GroupReduceException TooMany(string path, string key, ulong count, ByteCursor cursor) =>
        ModelError.InFile(
            ModelErrorCodes.Truncated,
            path,
            $"the array of metadata '{Excerpt.Of(key)}' declares {count} elements, more than the {cursor.Remaining} bytes left from byte {cursor.Position} can hold. The file is truncated or corrupt.");

    private static long AlignUp(long position, uint alignment) => (position + alignment - 1) / alignment * alignment;

    private sealed record Info(string Name, GgmlType Type, long[] Shape, ulong Offset, long Bytes);
}
