using System.Text;
using System.Text.Json;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Methods;
using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Readers;
using GroupReduce.Core.Storage;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// Writes the safetensors artifact (docs/format.md, whose names, keys and kinds <c>GroupReduce.Runtime.Format</c>
/// defines for this writer and the runtime's reader alike): one safetensors file holding the compressed matrices
/// (factors, scales, codebooks, row→group maps), every other input tensor unchanged, the vocabulary, and the manifest
/// and spec in <c>__metadata__</c>. Staged under a temporary name (the caller commits it with its reports) and
/// byte-identical for identical inputs. <see cref="ArtifactWriters"/> chooses it for an input format.
/// </summary>
internal sealed class ArtifactWriter : IArtifactWriter
{
    private ArtifactWriter()
    {
    }

    /// <summary>The one instance (the writer holds no state).</summary>
    public static ArtifactWriter Safetensors { get; } = new();

    /// <summary>The manifest's JSON style (snake_case keys, nulls left out), shared by the reports that embed its records.</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <inheritdoc />
    public (ArtifactManifest Manifest, StagedFile File) Stage(string path, ModelFile model, MethodResult result, ArtifactManifest header, string specText, CancellationToken cancellationToken)
    {
        (List<ArtifactTensor> tensors, List<ManifestPartition> partitions, List<ManifestMatrix> matrices, HashSet<string> replaced) = Layout(result);
        ManifestVocabulary? vocabulary = AddVocabulary(tensors, model);
        if (vocabulary is not null)
        {
            // A safetensors input may carry its tokens in these very tensors; they are written anew above.
            replaced.Add(TensorNames.VocabularyOffsets);
            replaced.Add(TensorNames.VocabularyBytes);
        }

        var raw = new List<ManifestRawTensor>();
        foreach (ModelTensor tensor in model.Tensors)
        {
            if (replaced.Contains(tensor.Name))
            {
                continue;
            }

            SafetensorsEntry entry = SafetensorsEntry.PassThrough(tensor, cancellationToken: cancellationToken);
            tensors.Add(new ArtifactTensor(entry.Name, entry.DType, entry.Shape, entry.ByteLength, entry.WriteData, Compressed: false));
            if (SafetensorsDType.FromTensorDType(tensor.DType) is null)
            {
                raw.Add(new ManifestRawTensor(tensor.Name, tensor.GgmlTypeName ?? tensor.DType.ToString(), tensor.Shape));
            }
        }

        CheckUniqueNames(tensors, model.Path);
        long compressed = tensors.Where(t => t.Compressed).Sum(t => t.ByteLength);
        ArtifactManifest manifest = Compose(header, partitions, matrices, vocabulary, raw, compressed);

        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in model.Format is ModelFormat.Safetensors or ModelFormat.Onnx ? model.Metadata : new Dictionary<string, string>())
        {
            // The input's own keys travel (a model family's groupreduce.lm.* settings among them), except the
            // artifact keys of an input that is itself an artifact (written anew below) and an ONNX model's
            // vocabulary, which the artifact keeps as its vocabulary tensors.
            if (!MetadataKeys.IsArtifactKey(key) && !(model.Format == ModelFormat.Onnx && key == OnnxVocabulary.MetadataKey))
            {
                metadata[key] = value;
            }
        }

        if (model.GgufMetadata is { } gguf)
        {
            // Raw bytes rather than typed JSON: lossless by construction (a token that is not valid UTF-8, a float's exact
            // bits, an array of arrays), no second GGUF serializer to keep in step, and the export copies it back as it is.
            metadata[MetadataKeys.GgufMetadata] = Convert.ToBase64String(gguf.Span);
        }

        metadata[MetadataKeys.FormatVersion] = ArtifactFormat.VersionText;
        metadata[MetadataKeys.Manifest] = JsonSerializer.Serialize(manifest, JsonOptions);
        metadata[MetadataKeys.Spec] = specText;

        var entries = tensors.Select(t => new SafetensorsEntry(t.Name, t.DType, t.Shape, t.ByteLength, t.Write)).ToList();
        StagedFile staged = StagedFile.Write(path, stream => SafetensorsWriter.Write(stream, metadata, entries, cancellationToken), cancellationToken);
        return (manifest, staged);
    }

    /// <summary>The manifest: the run-wide fields of <paramref name="header"/> with what a writer stored.</summary>
    /// <param name="header">Tool, plugins (their devices are left out), input, method, quantization, budget and original bytes.</param>
    /// <param name="partitions">The row→group maps.</param>
    /// <param name="matrices">The compressed matrices.</param>
    /// <param name="vocabulary">The vocabulary tensors, if any.</param>
    /// <param name="raw">Input tensors kept as raw bytes.</param>
    /// <param name="compressed">Bytes of what replaces the matrices.</param>
    /// <returns>The manifest.</returns>
    internal static ArtifactManifest Compose(ArtifactManifest header, IReadOnlyList<ManifestPartition> partitions, IReadOnlyList<ManifestMatrix> matrices, ManifestVocabulary? vocabulary, IReadOnlyList<ManifestRawTensor> raw, long compressed) => new()
    {
        FormatVersion = ArtifactFormat.Version,
        Tool = header.Tool,

        // What made the content (names, versions, contracts) stays; where it ran (a solver's device: CPU model, kernel
        // path, threads) goes to the report only, so that two machines compressing the same model write the same bytes.
        Plugins = header.Plugins.Select(p => p with { Device = null }).ToList(),
        Input = header.Input,
        Method = header.Method,
        Quantization = header.Quantization,
        Budget = header.Budget,
        Partitions = partitions,
        Matrices = matrices,
        Vocabulary = vocabulary,
        RawTensors = raw,
        OriginalBytes = header.OriginalBytes,
        CompressedBytes = compressed,
        CompressionRate = compressed > 0 ? (double)header.OriginalBytes / compressed : 0,
    };

    /// <summary>
    /// The compressed form's tensors (maps, factors, scales, codebooks, sparse arrays) under their format names, with the
    /// manifest's partitions and matrices that name them, and the input tensors they replace. Every output writer
    /// describes the compressed matrices with this one layout.
    /// </summary>
    /// <param name="result">The compressed matrices.</param>
    /// <returns>The tensors (not yet written), the manifest's partitions and matrices, and the replaced input tensor names.</returns>
    internal static (List<ArtifactTensor> Tensors, List<ManifestPartition> Partitions, List<ManifestMatrix> Matrices, HashSet<string> Replaced) Layout(MethodResult result)
    {
        var tensors = new List<ArtifactTensor>();
        var partitions = new List<ManifestPartition>();
        foreach (PartitionResult partition in result.Partitions.Where(p => p.Map is not null))
        {
            int[] map = partition.Map!;
            string name = TensorNames.PartitionMap(partition.Name);
            bool wide = LowRankMethod.MapElementBytes(partition.GroupCount) == 2;
            tensors.Add(new ArtifactTensor(name, wide ? "U16" : "U8", [map.Length], (long)map.Length * (wide ? 2 : 1), s => WriteMap(s, map, wide), Compressed: true));
            partitions.Add(new ManifestPartition(partition.Name, map.Length, partition.GroupCount, name));
        }

        var matrices = new List<ManifestMatrix>();
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (StoredMatrix stored in result.Matrices)
        {
            ResolvedMatrix matrix = stored.Matrix;
            replaced.Add(matrix.Name);
            replaced.UnionWith(matrix.Tied.Select(t => t.Name));
            matrices.Add(stored.Sparse is { } sparse
                ? new ManifestMatrix(matrix.Name, matrix.Tied.Select(t => t.Name).ToList(), matrix.Rows, matrix.Columns, matrix.Tensor.GgmlTypeName ?? matrix.Tensor.DType.ToString(), StorageKinds.Sparse, null, [], AddSparse(tensors, matrix.Name, sparse), matrix.Transposed ? true : null)
                : new ManifestMatrix(matrix.Name, matrix.Tied.Select(t => t.Name).ToList(), matrix.Rows, matrix.Columns, matrix.Tensor.GgmlTypeName ?? matrix.Tensor.DType.ToString(), StorageKinds.Groups, stored.Partition, stored.Groups.Select(g => AddGroup(tensors, matrix.Name, g)).ToList(), null, matrix.Transposed ? true : null));
        }

        return (tensors, partitions, matrices, replaced);
    }

    private static ManifestGroup AddGroup(List<ArtifactTensor> tensors, string matrix, StoredGroup group) => group.Kind switch
    {
        GroupStorageKind.Empty => new ManifestGroup(group.Index, 0, GroupKinds.Empty, 0, null, null, null),
        GroupStorageKind.Dense => new ManifestGroup(group.Index, group.Rows, GroupKinds.Dense, group.Rank, null, null, AddBlock(tensors, TensorNames.DenseBlock(matrix, group.Index), group.Dense!)),
        _ => new ManifestGroup(group.Index, group.Rows, GroupKinds.LowRank, group.Rank, AddBlock(tensors, TensorNames.UBlock(matrix, group.Index), group.U!), AddBlock(tensors, TensorNames.VBlock(matrix, group.Index), group.V!), null),
    };

    private static List<ManifestPart> AddBlock(List<ArtifactTensor> tensors, string blockName, StoredBlock block)
    {
        var parts = new List<ManifestPart>();
        for (int k = 0; k < block.Parts.Count; k++)
        {
            StoredPart part = block.Parts[k];
            EncodedPart tensor = part.Encoded ?? throw new InvalidOperationException("a baseline's sizes-only result cannot be written");
            string name = TensorNames.Part(blockName, k);
            string? scales = null;
            string? codebook = null;
            (string dtype, long[] shape, string scheme) = tensor.Scheme switch
            {
                QuantizationScheme.Float32 => ("F32", new long[] { tensor.Rows, tensor.Columns }, PartSchemes.Float32),
                QuantizationScheme.Float16 => ("F16", [tensor.Rows, tensor.Columns], PartSchemes.Float16),
                QuantizationScheme.BFloat16 => ("BF16", [tensor.Rows, tensor.Columns], PartSchemes.BFloat16),
                QuantizationScheme.Integer when tensor.Bits == 8 => ("I8", [tensor.Rows, tensor.Columns], PartSchemes.Integer),
                QuantizationScheme.Integer => ("U8", [tensor.Rows, tensor.RowBytes], PartSchemes.Integer),
                _ => ("U8", [tensor.Rows, tensor.RowBytes], PartSchemes.Codebook),
            };
            tensors.Add(new ArtifactTensor(name, dtype, shape, tensor.DataLength, tensor.WriteData, Compressed: true));
            if (tensor.Scheme == QuantizationScheme.Integer)
            {
                scales = TensorNames.Scales(name);
                bool half = tensor.ScaleType == ScaleType.Float16;
                tensors.Add(new ArtifactTensor(scales, half ? "F16" : "F32", [tensor.Rows, tensor.BlocksPerRow], (long)tensor.Scales.Length * (half ? 2 : 4), s => WriteFloats(s, tensor.Scales, half), Compressed: true));
            }
            else if (tensor.Scheme == QuantizationScheme.Codebook)
            {
                codebook = TensorNames.Codebook(name);
                tensors.Add(new ArtifactTensor(codebook, "F32", [tensor.Codebook.Length], tensor.Codebook.Length * 4L, s => WriteFloats(s, tensor.Codebook, false), Compressed: true));
            }

            parts.Add(new ManifestPart(part.FirstRow, tensor.Rows, tensor.Columns, scheme, tensor.Bits, tensor.BlockSize, name, scales, codebook));
        }

        return parts;
    }

    private static ManifestSparse AddSparse(List<ArtifactTensor> tensors, string matrix, SparseRows sparse)
    {
        string rowStart = TensorNames.SparseRowStart(matrix);
        string columns = TensorNames.SparseColumns(matrix);
        string values = TensorNames.SparseValues(matrix);
        bool wideStarts = sparse.RowStartBytes == 8;
        bool wideColumns = sparse.ColumnIndexBytes == 4;
        tensors.Add(new ArtifactTensor(rowStart, wideStarts ? "I64" : "I32", [sparse.RowStart.LongLength], sparse.RowStart.LongLength * sparse.RowStartBytes, s => WriteIndices(s, sparse.RowStart, wideStarts), Compressed: true));
        tensors.Add(new ArtifactTensor(columns, wideColumns ? "I32" : "U16", [sparse.ColumnIndices.LongLength], sparse.ColumnIndices.LongLength * sparse.ColumnIndexBytes, s => WriteColumns(s, sparse.ColumnIndices, wideColumns), Compressed: true));
        tensors.Add(new ArtifactTensor(values, "F32", [sparse.Values.LongLength], sparse.Values.LongLength * 4, s => WriteFloats(s, sparse.Values, false), Compressed: true));
        return new ManifestSparse(sparse.Values.LongLength, rowStart, columns, values);
    }

    private static ManifestVocabulary? AddVocabulary(List<ArtifactTensor> tensors, ModelFile model)
    {
        if (model.Vocabulary is not { Count: > 0 } vocabulary)
        {
            return null;
        }

        var offsets = new long[vocabulary.Count + 1];
        for (int i = 0; i < vocabulary.Count; i++)
        {
            offsets[i + 1] = offsets[i] + Encoding.UTF8.GetByteCount(vocabulary[i]);
        }

        const string offsetsName = TensorNames.VocabularyOffsets;
        const string bytesName = TensorNames.VocabularyBytes;
        tensors.Add(new ArtifactTensor(offsetsName, "I64", [offsets.Length], offsets.Length * 8L, s => WriteIndices(s, offsets, true), Compressed: false));
        tensors.Add(new ArtifactTensor(bytesName, "U8", [offsets[^1]], offsets[^1], s => WriteTokens(s, vocabulary), Compressed: false));
        return new ManifestVocabulary(vocabulary.Count, offsetsName, bytesName);
    }

    private static void CheckUniqueNames(List<ArtifactTensor> tensors, string modelPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ArtifactTensor tensor in tensors)
        {
            if (!seen.Add(tensor.Name))
            {
                throw new GroupReduceException(
                    ModelErrorCodes.DuplicateName,
                    $"the input '{modelPath}' already has a tensor named '{tensor.Name}', which the artifact needs for its own data; rename that tensor",
                    SourceLocation.OfFile(modelPath));
            }
        }
    }

    private static void WriteMap(Stream stream, int[] map, bool wide) => WriteIntegers(stream, map.Select(g => (long)g), wide ? 2 : 1);

    private static void WriteIndices(Stream stream, long[] values, bool wide) => WriteIntegers(stream, values, wide ? 8 : 4);

    private static void WriteColumns(Stream stream, int[] values, bool wide) => WriteIntegers(stream, values.Select(v => (long)v), wide ? 4 : 2);

    private static void WriteIntegers(Stream stream, IEnumerable<long> values, int width)
    {
        var buffer = new LittleEndianBuffer(stream);
        foreach (long value in values)
        {
            buffer.Write(value, width);
        }

        buffer.Flush();
    }

    private static void WriteFloats(Stream stream, float[] values, bool half)
    {
        var buffer = new LittleEndianBuffer(stream);
        foreach (float value in values)
        {
            buffer.Write(value, half);
        }

        buffer.Flush();
    }

    private static void WriteTokens(Stream stream, IReadOnlyList<string> tokens)
    {
        foreach (string token in tokens)
        {
            stream.Write(Encoding.UTF8.GetBytes(token));
        }
    }
}
