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
        if (entry.Elements > Array.MaxLength)
        {
            throw new ArtifactFormatException(ArtifactErrorCodes.TensorTooLarge, Path, $"tensor {Quoted.Of(name)} has {entry.Elements} elements; ReadTensor returns at most {Array.MaxLength} in one array.");
        }

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
    /// <exception cref="ArtifactFormatException">
    /// <c>GR2043</c>: no softmax was named and none can be chosen (the message lists the names looked for), or the embedding found by
    /// its name has another vocabulary than the softmax.
    /// </exception>
    /// <exception cref="ArgumentException">The matrices or the bias that were named do not share one vocabulary.</exception>
    public LanguageModelHead Head(string? embedding = null, string? softmax = null, string? bias = null)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        CompressedMatrix output = softmax is not null ? GetMatrix(softmax) : DiscoverSoftmax();
        CompressedMatrix? input = embedding is not null ? GetMatrix(embedding) : DiscoverEmbedding(output);
        if (input is not null && input.Rows != output.Rows)
        {
            string problem = $"'{input.Name}' has {input.Rows} rows but '{output.Name}' has {output.Rows}: an embedding and a softmax of one head share a vocabulary";
            throw embedding is not null
                ? new ArgumentException(problem + ".", nameof(embedding))
                : new ArtifactFormatException(ArtifactErrorCodes.HeadNotFound, Path, $"{problem}, so '{input.Name}' (found by its name) cannot be this head's embedding. Pass Head(embedding: …) with the right matrix, or Head(embedding: \"{output.Name}\") for a tied head.");
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

    private static readonly string[] SoftmaxNames = ["softmax.weight", "lm_head.weight", "decoder.weight", "output.weight"];

    private static readonly string[] EmbeddingNames = ["embedding.weight", "encoder.weight", "embed_tokens.weight", "tok_embeddings.weight", "wte.weight"];

    private CompressedMatrix DiscoverSoftmax()
    {
        foreach (string name in SoftmaxNames)
        {
            if (_matrices.TryGetValue(name, out CompressedMatrix? found))
            {
                return found;
            }
        }

        IReadOnlyCollection<CompressedMatrix> all = Matrices;
        if (all.Count == 1)
        {
            return all.First();
        }

        string held = all.Count == 0 ? "no compressed matrices" : $"{all.Count} compressed matrices ({string.Join(", ", all.Take(10).Select(m => Quoted.Of(m.Name)))}{(all.Count > 10 ? ", …" : string.Empty)})";
        throw new ArtifactFormatException(ArtifactErrorCodes.HeadNotFound, Path, $"holds {held} and none has a usual softmax name (looked for {string.Join(", ", SoftmaxNames.Select(n => $"'{n}'"))}); pass the softmax's name: Head(softmax: \"…\").");
    }

    private CompressedMatrix? DiscoverEmbedding(CompressedMatrix softmax)
    {
        foreach (string name in EmbeddingNames)
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
        return _file.Tensors.TryGetValue(name, out TensorEntry? entry) && entry.Shape is [long rows] && rows == softmax.Rows
            && entry.DType is "F32" or "F16" or "BF16" or "F64"
            ? name
            : null;
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
            throw new ArtifactFormatException(ArtifactErrorCodes.UnknownVersion, file.Path, $"is a GroupReduce artifact of format version {(versionText is null ? "(none)" : Quoted.Of(versionText))}; this library reads version {FormatVersion}. Use a GroupReduce.Runtime that matches the tool that wrote it, or compress the model again.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(manifestText);
        }
        catch (JsonException ex)
        {
            throw file.Corrupt($"the manifest is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            JsonField manifest = JsonField.Root(file, document.RootElement, "the manifest");
            var partitions = new Dictionary<string, PartitionMap>(StringComparer.Ordinal);
            foreach (JsonField json in manifest.Required("partitions").Items())
            {
                PartitionMap partition = PartitionMap.Read(file, json);
                if (!partitions.TryAdd(partition.Name, partition))
                {
                    throw json.Required("name").Fail($"repeats partition {Quoted.Of(partition.Name)}");
                }
            }

            var matrices = new Dictionary<string, CompressedMatrix>(StringComparer.Ordinal);
            foreach (JsonField json in manifest.Required("matrices").Items())
            {
                CompressedMatrix matrix = ReadMatrix(file, json, partitions);
                foreach (string name in matrix.Tied.Prepend(matrix.Name))
                {
                    if (!matrices.TryAdd(name, matrix))
                    {
                        throw json.Fail($"names matrix {Quoted.Of(name)}, which the manifest already lists");
                    }
                }
            }

            TokenVocabulary? vocabulary = manifest.Optional("vocabulary") is { } v ? ReadVocabulary(file, v) : null;
            if (vocabulary is not null)
            {
                foreach (CompressedMatrix matrix in matrices.Values.Where(m => m.Rows != vocabulary.Count))
                {
                    throw file.Corrupt($"matrix {Quoted.Of(matrix.Name)} has {matrix.Rows} rows but the vocabulary has {vocabulary.Count} tokens");
                }
            }

            return new CompressedModel(
                file,
                matrices,
                vocabulary,
                manifest.Required("method").String(),
                manifest.Required("original_bytes").Int64(0, long.MaxValue),
                manifest.Required("compressed_bytes").Int64(0, long.MaxValue));
        }
    }

    private static CompressedMatrix ReadMatrix(MappedSafetensors file, JsonField json, Dictionary<string, PartitionMap> partitions)
    {
        string name = json.Required("tensor").Name();
        string[] tied = json.Optional("tied")?.Items().Select(t => t.Name()).ToArray() ?? [];
        int rows = json.Required("rows").Int32(1, int.MaxValue);
        int columns = json.Required("columns").Int32(1, int.MaxValue);
        JsonField storageField = json.Required("storage");
        string storage = storageField.String();
        if (storage == "sparse")
        {
            return new CompressedMatrix(name, tied, rows, columns, ReadSparse(file, json.Required("sparse"), name, rows, columns));
        }

        if (storage != "groups")
        {
            throw storageField.Fail($"is {Quoted.Of(storage)}; expected groups or sparse");
        }

        List<JsonField> groupsJson = json.Required("groups").Items();
        if (groupsJson.Count == 0)
        {
            throw json.Required("groups").Fail("is empty; a grouped matrix has at least one group");
        }

        // Each group's row count comes from the map (or is every row, without a partition); the rows that count declares
        // are then proven by the group's own tensors before any array of that size is made.
        RowLayout? layout = null;
        var counts = new int[groupsJson.Count];
        if (json.Optional("partition") is { } partitionField)
        {
            string partitionName = partitionField.Name();
            if (!partitions.TryGetValue(partitionName, out PartitionMap? partition))
            {
                throw partitionField.Fail($"is {Quoted.Of(partitionName)}, which the manifest's partitions do not define");
            }

            if (partition.Rows != rows)
            {
                throw partitionField.Fail($"is {Quoted.Of(partitionName)}, a partition of {partition.Rows} rows; matrix {Quoted.Of(name)} has {rows}");
            }

            layout = partition.Layout();
            for (int g = 0; g < partition.Groups; g++)
            {
                int count = layout.Rows(g).Length;
                if (g >= counts.Length && count > 0)
                {
                    throw file.Corrupt($"matrix {Quoted.Of(name)}: partition {Quoted.Of(partitionName)} puts {count} rows in group {g}, but the matrix lists {counts.Length} groups");
                }

                if (g < counts.Length)
                {
                    counts[g] = count;
                }
            }
        }
        else
        {
            counts[0] = rows;
        }

        var stored = new (GroupKind Kind, int Rank, FactorBlock? Stored, float[]? VTransposed)[groupsJson.Count];
        for (int g = 0; g < stored.Length; g++)
        {
            stored[g] = ReadGroup(file, groupsJson[g], name, g, columns, counts[g]);
        }

        layout ??= RowLayout.Single(rows);
        var groups = new MatrixGroup[stored.Length];
        for (int g = 0; g < groups.Length; g++)
        {
            groups[g] = new MatrixGroup(g, stored[g].Kind, stored[g].Rank, layout.Rows(g), stored[g].Stored, stored[g].VTransposed);
        }

        return new CompressedMatrix(name, tied, rows, columns, groups, layout.GroupOf, layout.PositionOf);
    }

    private static (GroupKind Kind, int Rank, FactorBlock? Stored, float[]? VTransposed) ReadGroup(MappedSafetensors file, JsonField json, string matrix, int g, int columns, int rows)
    {
        string where = $"matrix {Quoted.Of(matrix)} group {g}";
        JsonField index = json.Required("index");
        if (index.Int64(0, long.MaxValue) != g)
        {
            throw index.Fail($"is {index.Value.GetRawText()}; the groups are listed in index order, so it must be {g}");
        }

        JsonField declared = json.Required("rows");
        if (declared.Int64(0, long.MaxValue) != rows)
        {
            throw declared.Fail($"is {declared.Value.GetRawText()}, but the map assigns {where} {rows} rows");
        }

        JsonField kindField = json.Required("kind");
        string kind = kindField.String();
        switch (kind)
        {
            case "empty" when rows == 0:
                return (GroupKind.Empty, 0, null, null);
            case "empty":
                throw kindField.Fail($"is 'empty', but the map assigns {where} {rows} rows");
            case "dense":
                return (GroupKind.Dense, columns, FactorBlock.Read(file, json.Required("dense"), rows, columns, where + " dense"), null);
            case "lowrank":
                int rank = json.Required("rank").Int32(1, int.MaxValue);
                FactorBlock u = FactorBlock.Read(file, json.Required("u"), rows, rank, where + " u");
                FactorBlock v = FactorBlock.Read(file, json.Required("v"), columns, rank, where + " v");
                return (GroupKind.LowRank, rank, u, v.DecodeTransposed());
            default:
                throw kindField.Fail($"is {Quoted.Of(kind)}; expected empty, dense or lowrank");
        }
    }

    private static SparseStorage ReadSparse(MappedSafetensors file, JsonField json, string matrix, int rows, int columns)
    {
        string name = Quoted.Of(matrix);
        long entries = json.Required("entries").Int64(0, long.MaxValue);
        TensorEntry starts = file.Require(json.Required("row_start").Name(), $"the row starts of {name}", "I32", "I64");
        TensorEntry indices = file.Require(json.Required("column_indices").Name(), $"the column indices of {name}", "U16", "I32");
        TensorEntry values = file.Require(json.Required("values").Name(), $"the values of {name}", "F32");
        if (starts.Shape is not [long startCount] || startCount != rows + 1L
            || indices.Shape is not [long indexCount] || indexCount != entries
            || values.Shape is not [long valueCount] || valueCount != entries)
        {
            throw file.Corrupt($"the sparse tensors of {name} disagree with its {rows} rows and {entries} entries: row starts {starts.ShapeText} (needs [{rows + 1L}]), column indices {indices.ShapeText} and values {values.ShapeText} (need [{entries}])");
        }

        // The tensors' sizes are checked against the file above, so these copies are bounded by it.
        long[] rowStart = starts.DType == "I64"
            ? MemoryMarshal.Cast<byte, long>(file.Bytes(starts)).ToArray()
            : Array.ConvertAll(MemoryMarshal.Cast<byte, int>(file.Bytes(starts)).ToArray(), s => (long)s);
        if (rowStart[0] != 0 || rowStart[rows] != entries)
        {
            throw file.Corrupt($"the row starts of {name} run from {rowStart[0]} to {rowStart[rows]}; they must run from 0 to {entries}");
        }

        for (int i = 0; i < rows; i++)
        {
            if (rowStart[i + 1] < rowStart[i])
            {
                throw file.Corrupt($"the row starts of {name} decrease at row {i}");
            }
        }

        int[] columnIndex = indices.DType == "I32"
            ? MemoryMarshal.Cast<byte, int>(file.Bytes(indices)).ToArray()
            : Array.ConvertAll(MemoryMarshal.Cast<byte, ushort>(file.Bytes(indices)).ToArray(), c => (int)c);
        for (long e = 0; e < columnIndex.Length; e++)
        {
            if ((uint)columnIndex[e] >= (uint)columns)
            {
                throw file.Corrupt($"{name} has a sparse entry in column {columnIndex[e]} (entry {e}); it has {columns} columns");
            }
        }

        float[] kept = MemoryMarshal.Cast<byte, float>(file.Bytes(values)).ToArray();
        return new SparseStorage(rowStart, columnIndex, kept);
    }

    private static TokenVocabulary ReadVocabulary(MappedSafetensors file, JsonField json)
    {
        int count = json.Required("tokens").Int32(0, int.MaxValue - 1);
        TensorEntry offsets = file.Require(json.Required("offsets").Name(), "the vocabulary offsets", "I64");
        TensorEntry bytes = file.Require(json.Required("bytes").Name(), "the vocabulary bytes", "U8");
        if (offsets.Shape is not [long offsetCount] || offsetCount != count + 1L)
        {
            throw file.Corrupt($"the vocabulary has {count} tokens but its offsets are {offsets.ShapeText}; they need [{count + 1L}]");
        }

        ReadOnlySpan<long> at = MemoryMarshal.Cast<byte, long>(file.Bytes(offsets));
        ReadOnlySpan<byte> text = file.Bytes(bytes);
        if (at[0] < 0 || at[0] > text.Length)
        {
            throw file.Corrupt($"vocabulary offset 0 ({at[0]}) is outside the {text.Length} token bytes");
        }

        var tokens = new string[count];
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (int i = 0; i < count; i++)
        {
            if (at[i + 1] < at[i] || at[i + 1] > text.Length)
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
