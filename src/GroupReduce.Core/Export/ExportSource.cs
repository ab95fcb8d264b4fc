using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Core.Export;

/// <summary>
/// An artifact opened for export: the tensors of the dense model it stands for — each compressed matrix rebuilt under its
/// own name and every name tied to it, every tensor the manifest does not name passed through byte for byte — and the
/// metadata an exported model carries. Holds the artifact's mappings; dispose it after writing.
/// </summary>
internal sealed class ExportSource : IDisposable
{
    /// <summary>The metadata key an export adds: the artifact's file name and the hash of the model it was made from.</summary>
    public const string ExportedFromKey = "groupreduce.exported_from";

    private readonly ModelFile _file;
    private readonly CompressedModel _model;

    private ExportSource(ModelFile file, CompressedModel model, ArtifactManifest manifest, IReadOnlyList<ExportedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        _file = file;
        _model = model;
        Manifest = manifest;
        Tensors = tensors;
        Metadata = metadata;
        GgufMetadata = file.Metadata.GetValueOrDefault(MetadataKeys.GgufMetadata);
    }

    /// <summary>The artifact's file, for messages.</summary>
    public string Path => _file.Path;

    /// <summary>The artifact's manifest (its input, its raw tensors' GGML types, its vocabulary tensors).</summary>
    public ArtifactManifest Manifest { get; }

    /// <summary>The artifact's <see cref="MetadataKeys.GgufMetadata"/> (base64), when its input was GGUF.</summary>
    public string? GgufMetadata { get; }

    /// <summary>The tensors to write, in ordinal name order.</summary>
    public IReadOnlyList<ExportedTensor> Tensors { get; }

    /// <summary>The artifact's own metadata keys left out (its format version, manifest and spec), <see cref="ExportedFromKey"/> added.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Opens an artifact and lists what its export holds.</summary>
    /// <param name="path">The artifact.</param>
    /// <param name="format">The format it is exported to (a GGUF export rebuilds a matrix stored in a GGML block type as F16, the others as F32).</param>
    /// <param name="cancellationToken">Passed to the tensors' writers.</param>
    /// <returns>The source.</returns>
    /// <exception cref="GroupReduceException">
    /// The file cannot be read as a model file (its GR20xx code), is a model file but not an artifact (GR2041), is a damaged
    /// artifact (GR2040), or its names collide (<see cref="ModelErrorCodes.ExportNameCollision"/>).
    /// </exception>
    public static ExportSource Open(string path, ExportFormat format, CancellationToken cancellationToken)
    {
        ModelFile file = ModelFileReader.Open(path);
        CompressedModel? model = null;
        try
        {
            if (ArtifactReader.OnnxArtifactError(file, "export") is { } onnx)
            {
                throw onnx;
            }

            if (ArtifactReader.TryRead(file) is not { } artifact)
            {
                throw new GroupReduceException(
                    ArtifactErrorCodes.NotAnArtifact,
                    $"{System.IO.Path.GetFileName(path)}: a {file.Format.ToString().ToLowerInvariant()} model file, not a GroupReduce artifact (no '{MetadataKeys.Manifest}' in its metadata). Export takes what 'groupreduce compress' wrote (NAME.gr.safetensors); compress the model first, or use the model itself.",
                    SourceLocation.OfFile(path));
            }

            // The manifest was checked above with the engine's reader; the runtime checks every tensor against it and decodes.
            model = ArtifactOpener.Open(path);
            string blockTypesAs = format == ExportFormat.Gguf ? SafetensorsDType.F16 : SafetensorsDType.F32;
            IReadOnlyList<ExportedTensor> tensors = List(file, artifact.Manifest, model, blockTypesAs, cancellationToken);
            return new ExportSource(file, model, artifact.Manifest, tensors, MetadataOf(file, artifact.Manifest));
        }
        catch
        {
            model?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _model.Dispose();
        _file.Dispose();
    }

    private static List<ExportedTensor> List(ModelFile file, ArtifactManifest manifest, CompressedModel model, string blockTypesAs, CancellationToken cancellationToken)
    {
        var tensors = new List<ExportedTensor>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(ExportedTensor tensor, string what)
        {
            if (!names.TryAdd(tensor.Name, what))
            {
                throw new GroupReduceException(
                    ModelErrorCodes.ExportNameCollision,
                    $"{System.IO.Path.GetFileName(file.Path)}: the exported model would hold two tensors named '{Excerpt.Of(tensor.Name)}' ({names[tensor.Name]}, and {what}). The artifact is inconsistent; compress the model again.",
                    SourceLocation.OfFile(file.Path));
            }

            tensors.Add(tensor);
        }

        foreach (ManifestMatrix entry in manifest.Matrices)
        {
            CompressedMatrix matrix = model.GetMatrix(entry.Tensor);
            string dtype = DenseRows.DTypeFor(entry.OriginalDtype, blockTypesAs);
            long bytes = (long)matrix.Rows * matrix.Columns * DenseRows.ElementSize(dtype);
            // A weight stored [d, V] in the input (manifest 'transposed') goes back in that layout.
            bool transposed = entry.Transposed == true;
            void Write(Stream stream)
            {
                if (transposed)
                {
                    DenseRows.WriteTransposed(matrix, dtype, stream, cancellationToken);
                }
                else
                {
                    DenseRows.Write(matrix, dtype, stream, cancellationToken);
                }
            }

            long[] shape = transposed ? [matrix.Columns, matrix.Rows] : [matrix.Rows, matrix.Columns];
            foreach (string name in entry.Tied.Prepend(entry.Tensor))
            {
                Add(new ExportedTensor(name, dtype, shape, bytes, Rebuilt: true, Write), $"compressed matrix '{Excerpt.Of(entry.Tensor)}'");
            }
        }

        HashSet<string> own = OwnTensors(manifest);
        foreach (ModelTensor tensor in file.Tensors)
        {
            if (own.Contains(tensor.Name))
            {
                continue;
            }

            SafetensorsEntry entry = SafetensorsEntry.PassThrough(tensor, cancellationToken: cancellationToken);
            Add(new ExportedTensor(entry.Name, entry.DType, entry.Shape, entry.ByteLength, Rebuilt: false, entry.WriteData), "a tensor stored in the artifact");
        }

        tensors.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return tensors;
    }

    // The tensors that hold the compressed form (maps, factor parts, scales, codebooks, sparse arrays): not part of the dense model.
    // The vocabulary tensors are not among them: they travel, as they do from model to artifact.
    private static HashSet<string> OwnTensors(ArtifactManifest manifest)
    {
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (ManifestPartition partition in manifest.Partitions)
        {
            own.Add(partition.Map);
        }

        foreach (ManifestMatrix matrix in manifest.Matrices)
        {
            foreach (ManifestPart part in matrix.Groups.SelectMany(g => (g.U ?? []).Concat(g.V ?? []).Concat(g.Dense ?? [])))
            {
                own.Add(part.Data);
                if (part.Scales is not null)
                {
                    own.Add(part.Scales);
                }

                if (part.Codebook is not null)
                {
                    own.Add(part.Codebook);
                }
            }

            if (matrix.Sparse is { } sparse)
            {
                own.UnionWith([sparse.RowStart, sparse.ColumnIndices, sparse.Values]);
            }
        }

        return own;
    }

    private static SortedDictionary<string, string> MetadataOf(ModelFile file, ArtifactManifest manifest)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in file.Metadata)
        {
            // The artifact's own keys describe the compressed form; left in, they would make the export pass for an artifact.
            // The model's keys (a model family's groupreduce.lm.* settings among them) travel, as they did into the artifact.
            if (!MetadataKeys.IsArtifactKey(key))
            {
                metadata[key] = value;
            }
        }

        metadata[ExportedFromKey] = $"{System.IO.Path.GetFileName(file.Path)} (made from {manifest.Input.File}, {manifest.Input.Hash})";
        return metadata;
    }
}
