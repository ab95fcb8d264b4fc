using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using GroupReduce.Runtime.Format;
using GroupReduce.Runtime.Storage;

namespace GroupReduce.Runtime;

/// <summary>
/// A GroupReduce artifact opened for use: memory-mapped, validated on open (format version, every
/// tensor the manifest names, shapes and offsets), its compressed matrices ready to reconstruct rows
/// and compute products, and every other tensor of the original model readable as it was.
/// Thread-safe for readers; dispose it to unmap the file.
/// </summary>
public sealed class CompressedModel : IDisposable
{
    /// <summary>The artifact format version this library reads.</summary>
    public const int FormatVersion = 1;

    private readonly MappedSafetensors _file;
    private readonly Dictionary<string, CompressedMatrix> _matrices;

    private CompressedModel(MappedSafetensors file, Dictionary<string, CompressedMatrix> matrices, TokenVocabulary? vocabulary, string method, long originalBytes, long compressedBytes)
    {
        _file = file;
        _matrices = matrices;
        Vocabulary = vocabulary;
        Method = method;
        OriginalBytes = originalBytes;
        CompressedBytes = compressedBytes;
    }

    /// <summary>The artifact's full path.</summary>
    public string Path => _file.Path;

    /// <summary>The artifact's size on disk.</summary>
    public long FileBytes => _file.Length;

    /// <summary>The compression method (<c>groupreduce</c>, <c>svd</c>, <c>weighted-svd</c>, <c>prune</c>, <c>quantize</c>).</summary>
    public string Method { get; }

    /// <summary>Bytes of the original matrices.</summary>
    public long OriginalBytes { get; }

    /// <summary>Bytes of everything that replaces them.</summary>
    public long CompressedBytes { get; }

    /// <summary><see cref="OriginalBytes"/> / <see cref="CompressedBytes"/>.</summary>
    public double CompressionRate => CompressedBytes > 0 ? (double)OriginalBytes / CompressedBytes : 0;

    /// <summary>The tokens, when the original model carried them; else null.</summary>
    public TokenVocabulary? Vocabulary { get; }

    /// <summary>The compressed matrices (each under its own name; tied names resolve through <see cref="GetMatrix"/>).</summary>
    public IReadOnlyCollection<CompressedMatrix> Matrices => _matrices.Values.Distinct().ToList();

    /// <summary>The safetensors metadata (the original model's keys plus the artifact's own).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _file.Metadata;

    /// <summary>Opens and validates an artifact.</summary>
    /// <param name="path">The artifact file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArtifactFormatException">The file is not an artifact, is of an unknown format version, or is damaged.</exception>
    public static CompressedModel Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GroupReduce artifacts are little-endian; this runtime needs a little-endian machine.");
        }

        MappedSafetensors file = MappedSafetensors.Open(path);
        try
        {
            return Load(file);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or JsonException)
        {
            file.Dispose();
            throw new ArtifactFormatException(ArtifactErrorCodes.Corrupt, file.Path, $"the manifest is not valid: {ex.Message}. The artifact is damaged; compress the model again.", ex);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>A compressed matrix by its tensor name or the name of a tensor tied to it.</summary>
    /// <param name="name">The tensor name, e.g. <c>softmax.weight</c>.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="KeyNotFoundException">No compressed matrix has that name; the message lists those that exist.</exception>
    public CompressedMatrix GetMatrix(string name) => _matrices.TryGetValue(name, out CompressedMatrix? matrix)
        ? matrix
        : throw new KeyNotFoundException($"'{System.IO.Path.GetFileName(Path)}' has no compressed matrix '{name}'; it has {string.Join(", ", _matrices.Keys.Select(k => $"'{k}'"))}.");

    /// <summary>Looks a compressed matrix up by name.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="matrix">The matrix, when found.</param>
    /// <returns>Whether it exists.</returns>
    public bool TryGetMatrix(string name, out CompressedMatrix matrix) => _matrices.TryGetValue(name, out matrix!);

    /// <summary>Whether the artifact holds an uncompressed tensor of that name (passed through from the original).</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns>Whether it exists.</returns>
    public bool HasTensor(string name) => _file.Tensors.ContainsKey(name);

    /// <summary>The shape of an uncompressed tensor.</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns>Its dimensions.</returns>
    public IReadOnlyList<long> TensorShape(string name) => Tensor(name).Shape;

    /// <summary>Reads a floating-point tensor that was passed through from the original model (a bias, a hidden layer), widened to float32.</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns>Its values, row-major.</returns>
    public float[] ReadTensor(string name)
    {
        TensorEntry entry = Tensor(name);
        ReadOnlySpan<byte> bytes = _file.Bytes(entry);
        var values = new float[entry.Elements];
        switch (entry.DType)
        {
            case "F32":
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
                break;
            case "F16":
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), values);
                break;
            case "BF16":
                ReadOnlySpan<ushort> half = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BitConverter.Int32BitsToSingle(half[i] << 16);
                }

                break;
            case "F64":
                ReadOnlySpan<double> wide = MemoryMarshal.Cast<byte, double>(bytes);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (float)wide[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Tensor '{name}' of '{System.IO.Path.GetFileName(Path)}' is {entry.DType}, not a floating-point tensor.");
        }

        return values;
    }

    /// <summary>
    /// The model's language-model head: embedding, softmax and softmax bias, for <see cref="LanguageModelHead.Embed"/>,
    /// <see cref="LanguageModelHead.Logits"/> and <see cref="LanguageModelHead.TopK(ReadOnlySpan{float}, int)"/>.
    /// </summary>
    /// <param name="embedding">
    /// The compressed input embedding. When omitted: the first compressed matrix named <c>embedding.weight</c>,
    /// <c>encoder.weight</c>, <c>embed_tokens.weight</c>, <c>tok_embeddings.weight</c> or <c>wte.weight</c>; else the softmax
    /// itself when it is tied to another tensor; else the other matrix when the artifact holds exactly two; else none
    /// (an output-only head, whose <see cref="LanguageModelHead.Embed"/> throws).
    /// </param>
    /// <param name="softmax">
    /// The compressed output softmax. When omitted: the first compressed matrix named <c>softmax.weight</c>,
    /// <c>lm_head.weight</c>, <c>decoder.weight</c> or <c>output.weight</c>; else the only compressed matrix.
    /// </param>
    /// <param name="bias">
    /// A passed-through tensor of shape <c>[V]</c> added to the logits. When omitted: the softmax's name with
    /// <c>.weight</c> replaced by <c>.bias</c>, if the artifact holds such a tensor of that shape; else no bias.
    /// </param>
    /// <returns>The head; cheap to keep, valid while this model is open.</returns>
    /// <exception cref="KeyNotFoundException">A name that was passed does not exist.</exception>
    /// <exception cref="InvalidOperationException">The softmax cannot be found without a name.</exception>
    /// <exception cref="ArgumentException">The matrices or the bias do not share one vocabulary.</exception>
    public LanguageModelHead Head(string? embedding = null, string? softmax = null, string? bias = null)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        CompressedMatrix output = softmax is not null ? GetMatrix(softmax) : DiscoverSoftmax();
        CompressedMatrix? input = embedding is not null ? GetMatrix(embedding) : DiscoverEmbedding(output);
        if (input is not null && input.Rows != output.Rows)
        {
            throw new ArgumentException($"'{input.Name}' has {input.Rows} rows but '{output.Name}' has {output.Rows}: an embedding and a softmax of one head share a vocabulary.", nameof(embedding));
        }

        string? biasName = bias ?? DiscoverBias(output);
        float[]? values = null;
        if (biasName is not null)
        {
            IReadOnlyList<long> shape = TensorShape(biasName);
            if (shape.Count != 1 || shape[0] != output.Rows)
            {
                throw new ArgumentException($"The bias '{biasName}' is [{string.Join(", ", shape)}]; '{output.Name}' needs [{output.Rows}].", nameof(bias));
            }

            values = ReadTensor(biasName);
        }

        return new LanguageModelHead(this, input, output, biasName, values);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    /// <summary>Whether <see cref="Dispose"/> has unmapped the file.</summary>
    internal bool IsDisposed => _file.IsDisposed;

    private CompressedMatrix DiscoverSoftmax()
    {
        foreach (string name in (string[])["softmax.weight", "lm_head.weight", "decoder.weight", "output.weight"])
        {
            if (_matrices.TryGetValue(name, out CompressedMatrix? found))
            {
                return found;
            }
        }

        IReadOnlyCollection<CompressedMatrix> all = Matrices;
        return all.Count == 1
            ? all.First()
            : throw new InvalidOperationException($"'{System.IO.Path.GetFileName(Path)}' holds {all.Count} compressed matrices ({string.Join(", ", all.Select(m => $"'{m.Name}'"))}) and none has a usual softmax name; pass Head(softmax: \"…\").");
    }

    private CompressedMatrix? DiscoverEmbedding(CompressedMatrix softmax)
    {
        foreach (string name in (string[])["embedding.weight", "encoder.weight", "embed_tokens.weight", "tok_embeddings.weight", "wte.weight"])
        {
            if (_matrices.TryGetValue(name, out CompressedMatrix? found))
            {
                return found;
            }
        }

        if (softmax.Tied.Count > 0)
        {
            return softmax;
        }

        IReadOnlyCollection<CompressedMatrix> all = Matrices;
        return all.Count == 2 ? all.First(m => !ReferenceEquals(m, softmax)) : null;
    }

    private string? DiscoverBias(CompressedMatrix softmax)
    {
        if (!softmax.Name.EndsWith(".weight", StringComparison.Ordinal))
        {
            return null;
        }

        string name = string.Concat(softmax.Name.AsSpan(0, softmax.Name.Length - ".weight".Length), ".bias");
        return HasTensor(name) && TensorShape(name) is [long rows] && rows == softmax.Rows ? name : null;
    }

    private TensorEntry Tensor(string name) => _file.Tensors.TryGetValue(name, out TensorEntry? entry)
        ? entry
        : throw new KeyNotFoundException($"'{System.IO.Path.GetFileName(Path)}' has no tensor '{name}'.");

    private static CompressedModel Load(MappedSafetensors file)
    {
        if (!file.Metadata.TryGetValue("groupreduce.manifest", out string? manifestText))
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.NotAnArtifact, file.Path, "is a safetensors file but not a GroupReduce artifact (it has no 'groupreduce.manifest' metadata). Compress the model with 'groupreduce compress' or the GroupReduceModel build item first.");
        }

        file.Metadata.TryGetValue("groupreduce.format_version", out string? versionText);
        if (versionText != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.UnknownVersion, file.Path, $"is a GroupReduce artifact of format version '{versionText}'; this library reads version {FormatVersion}. Use a GroupReduce.Runtime that matches the tool that wrote it, or compress the model again.");
        }

        using JsonDocument document = JsonDocument.Parse(manifestText);
        JsonElement manifest = document.RootElement;
        Dictionary<string, int[]> maps = ReadPartitions(file, manifest);
        var matrices = new Dictionary<string, CompressedMatrix>(StringComparer.Ordinal);
        foreach (JsonElement json in manifest.GetProperty("matrices").EnumerateArray())
        {
            CompressedMatrix matrix = ReadMatrix(file, json, maps);
            foreach (string name in matrix.Tied.Prepend(matrix.Name))
            {
                if (!matrices.TryAdd(name, matrix))
                {
                    throw file.Corrupt($"the manifest lists matrix '{name}' twice");
                }
            }
        }

        TokenVocabulary? vocabulary = manifest.TryGetProperty("vocabulary", out JsonElement v) && v.ValueKind == JsonValueKind.Object
            ? ReadVocabulary(file, v)
            : null;
        if (vocabulary is not null)
        {
            foreach (CompressedMatrix matrix in matrices.Values.Where(m => m.Rows != vocabulary.Count))
            {
                throw file.Corrupt($"matrix '{matrix.Name}' has {matrix.Rows} rows but the vocabulary has {vocabulary.Count} tokens");
            }
        }

        return new CompressedModel(
            file,
            matrices,
            vocabulary,
            manifest.GetProperty("method").GetString() ?? string.Empty,
            manifest.GetProperty("original_bytes").GetInt64(),
            manifest.GetProperty("compressed_bytes").GetInt64());
    }

    private static Dictionary<string, int[]> ReadPartitions(MappedSafetensors file, JsonElement manifest)
    {
        var maps = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (JsonElement partition in manifest.GetProperty("partitions").EnumerateArray())
        {
            string name = partition.GetProperty("name").GetString() ?? string.Empty;
            int rows = partition.GetProperty("rows").GetInt32();
            int groups = partition.GetProperty("groups").GetInt32();
            string mapName = partition.GetProperty("map").GetString() ?? string.Empty;
            TensorEntry entry = file.Require(mapName, $"the row→group map of partition '{name}'", "U8", "U16");
            if (entry.Shape.Length != 1 || entry.Shape[0] != rows)
            {
                throw file.Corrupt($"map '{mapName}' is {entry.ShapeText}; partition '{name}' has {rows} rows");
            }

            ReadOnlySpan<byte> bytes = file.Bytes(entry);
            var map = new int[rows];
            bool wide = entry.DType == "U16";
            for (int i = 0; i < rows; i++)
            {
                int group = wide ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]) : bytes[i];
                if (group >= groups)
                {
                    throw file.Corrupt($"map '{mapName}' puts row {i} in group {group}; partition '{name}' has {groups} groups");
                }

                map[i] = group;
            }

            maps[name] = map;
        }

        return maps;
    }

    private static CompressedMatrix ReadMatrix(MappedSafetensors file, JsonElement json, Dictionary<string, int[]> maps)
    {
        string name = json.GetProperty("tensor").GetString() ?? string.Empty;
        string[] tied = json.TryGetProperty("tied", out JsonElement t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray() : [];
        int rows = json.GetProperty("rows").GetInt32();
        int columns = json.GetProperty("columns").GetInt32();
        if (rows < 0 || columns < 1)
        {
            throw file.Corrupt($"matrix '{name}' is {rows} x {columns}");
        }

        string storage = json.GetProperty("storage").GetString() ?? string.Empty;
        if (storage == "sparse")
        {
            return new CompressedMatrix(name, tied, rows, columns, ReadSparse(file, json.GetProperty("sparse"), name, rows, columns));
        }

        if (storage != "groups")
        {
            throw file.Corrupt($"matrix '{name}' has unknown storage '{storage}'");
        }

        string? partition = json.TryGetProperty("partition", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        int[] map;
        if (partition is null)
        {
            map = new int[rows];
        }
        else if (!maps.TryGetValue(partition, out map!) || map.Length != rows)
        {
            throw file.Corrupt($"matrix '{name}' uses partition '{partition}', which the manifest does not define for {rows} rows");
        }

        JsonElement[] groupsJson = json.GetProperty("groups").EnumerateArray().ToArray();
        var members = new List<int>[groupsJson.Length];
        for (int g = 0; g < members.Length; g++)
        {
            members[g] = [];
        }

        var positionOf = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            if (map[i] >= members.Length)
            {
                throw file.Corrupt($"matrix '{name}': row {i} is in group {map[i]} but the matrix lists {members.Length} groups");
            }

            positionOf[i] = members[map[i]].Count;
            members[map[i]].Add(i);
        }

        var groups = new MatrixGroup[groupsJson.Length];
        for (int g = 0; g < groups.Length; g++)
        {
            groups[g] = ReadGroup(file, groupsJson[g], name, g, columns, members[g].ToArray());
        }

        return new CompressedMatrix(name, tied, rows, columns, groups, map, positionOf);
    }

    private static MatrixGroup ReadGroup(MappedSafetensors file, JsonElement json, string matrix, int g, int columns, int[] rows)
    {
        string where = $"matrix '{matrix}' group {g}";
        if (json.GetProperty("index").GetInt32() != g)
        {
            throw file.Corrupt($"{where}: the groups are not listed in index order");
        }

        if (json.GetProperty("rows").GetInt64() != rows.Length)
        {
            throw file.Corrupt($"{where}: the manifest says {json.GetProperty("rows").GetInt64()} rows but the map assigns it {rows.Length}");
        }

        string kind = json.GetProperty("kind").GetString() ?? string.Empty;
        int rank = json.GetProperty("rank").GetInt32();
        switch (kind)
        {
            case "empty" when rows.Length == 0:
                return new MatrixGroup(g, GroupKind.Empty, 0, rows, null, null);
            case "dense":
                return new MatrixGroup(g, GroupKind.Dense, columns, rows, FactorBlock.Read(file, json.GetProperty("dense"), rows.Length, columns, where + " dense"), null);
            case "lowrank" when rank >= 1:
                FactorBlock u = FactorBlock.Read(file, json.GetProperty("u"), rows.Length, rank, where + " u");
                FactorBlock v = FactorBlock.Read(file, json.GetProperty("v"), columns, rank, where + " v");
                return new MatrixGroup(g, GroupKind.LowRank, rank, rows, u, v.DecodeTransposed());
            default:
                throw file.Corrupt($"{where}: kind '{kind}' with rank {rank} and {rows.Length} rows is not valid");
        }
    }

    private static SparseStorage ReadSparse(MappedSafetensors file, JsonElement json, string matrix, int rows, int columns)
    {
        TensorEntry starts = file.Require(json.GetProperty("row_start").GetString() ?? string.Empty, $"the row starts of '{matrix}'", "I32", "I64");
        TensorEntry indices = file.Require(json.GetProperty("column_indices").GetString() ?? string.Empty, $"the column indices of '{matrix}'", "U16", "I32");
        TensorEntry values = file.Require(json.GetProperty("values").GetString() ?? string.Empty, $"the values of '{matrix}'", "F32");
        if (starts.Elements != rows + 1L || indices.Elements != values.Elements)
        {
            throw file.Corrupt($"the sparse tensors of '{matrix}' disagree: {starts.Elements} row starts for {rows} rows, {indices.Elements} column indices for {values.Elements} values");
        }

        long[] rowStart = starts.DType == "I64"
            ? MemoryMarshal.Cast<byte, long>(file.Bytes(starts)).ToArray()
            : Array.ConvertAll(MemoryMarshal.Cast<byte, int>(file.Bytes(starts)).ToArray(), s => (long)s);
        int[] columnIndex = indices.DType == "I32"
            ? MemoryMarshal.Cast<byte, int>(file.Bytes(indices)).ToArray()
            : Array.ConvertAll(MemoryMarshal.Cast<byte, ushort>(file.Bytes(indices)).ToArray(), c => (int)c);
        float[] kept = MemoryMarshal.Cast<byte, float>(file.Bytes(values)).ToArray();
        if (rowStart[0] != 0 || rowStart[rows] != kept.Length)
        {
            throw file.Corrupt($"the row starts of '{matrix}' run from {rowStart[0]} to {rowStart[rows]}; they must run from 0 to {kept.Length}");
        }

        for (int i = 0; i < rows; i++)
        {
            if (rowStart[i + 1] < rowStart[i])
            {
                throw file.Corrupt($"the row starts of '{matrix}' decrease at row {i}");
            }
        }

        foreach (int column in columnIndex)
        {
            if ((uint)column >= (uint)columns)
            {
                throw file.Corrupt($"'{matrix}' has a sparse entry in column {column}; it has {columns} columns");
            }
        }

        return new SparseStorage(rowStart, columnIndex, kept);
    }

    private static TokenVocabulary ReadVocabulary(MappedSafetensors file, JsonElement json)
    {
        long count = json.GetProperty("tokens").GetInt64();
        TensorEntry offsets = file.Require(json.GetProperty("offsets").GetString() ?? string.Empty, "the vocabulary offsets", "I64");
        TensorEntry bytes = file.Require(json.GetProperty("bytes").GetString() ?? string.Empty, "the vocabulary bytes", "U8");
        if (offsets.Elements != count + 1)
        {
            throw file.Corrupt($"the vocabulary has {count} tokens but {offsets.Elements} offsets");
        }

        ReadOnlySpan<long> at = MemoryMarshal.Cast<byte, long>(file.Bytes(offsets));
        ReadOnlySpan<byte> text = file.Bytes(bytes);
        var tokens = new string[count];
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (int i = 0; i < count; i++)
        {
            if (at[i] < 0 || at[i + 1] < at[i] || at[i + 1] > text.Length)
            {
                throw file.Corrupt($"vocabulary offset {i + 1} ({at[i + 1]}) is outside the {text.Length} token bytes or decreases");
            }

            try
            {
                tokens[i] = utf8.GetString(text[(int)at[i]..(int)at[i + 1]]);
            }
            catch (DecoderFallbackException)
            {
                throw file.Corrupt($"vocabulary token {i} is not valid UTF-8");
            }
        }

        return new TokenVocabulary(tokens);
    }
}
