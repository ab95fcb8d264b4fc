using System.Text.Json;
using GroupReduce.Core.Methods;
using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Readers;
using GroupReduce.Core.Storage;
using GroupReduce.Runtime.Format;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace GroupReduce.Core.Artifacts.Onnx;

/// <summary>
/// Writes a compressed ONNX model (docs/onnx.md): the input's graph with each compressed initializer replaced by its
/// factors and standard-operator subgraphs (<see cref="OnnxGraphRewriter"/>), every other node and initializer as it
/// was, the opset unchanged, and the manifest and spec in <c>metadata_props</c> under the artifact's keys. Initializers
/// go to an external data file (<c>NAME.data</c> beside the model, staged and committed with it) when the input kept
/// any there or when the model would pass protobuf's 2 GB limit.
/// </summary>
internal sealed class OnnxArtifactWriter : IArtifactWriter
{
    // Protobuf refuses messages of 2 GiB; a margin keeps the graph and metadata below it too.
    private const long InlineLimit = 2_000_000_000;

    // In external mode, initializers this small stay inline (shapes, scalars), as onnx.save_model does.
    private const int ExternalThreshold = 1024;

    private OnnxArtifactWriter()
    {
    }

    /// <summary>The one instance (the writer holds no state).</summary>
    public static OnnxArtifactWriter Instance { get; } = new();

    /// <inheritdoc />
    public (ArtifactManifest Manifest, StagedFile File) Stage(string path, ModelFile model, MethodResult result, ArtifactManifest header, string specText, CancellationToken cancellationToken)
    {
        if (model.Format != ModelFormat.Onnx)
        {
            throw ModelError.InFile(
                ModelErrorCodes.OnnxOutputNeedsOnnxInput,
                path,
                $"an ONNX output needs an ONNX input, and '{Path.GetFileName(model.Path)}' is {model.Format}: there is no graph to put the compressed matrices in. Write the artifact as '{Path.GetFileNameWithoutExtension(path)}.safetensors' instead.");
        }

        ModelProto proto = Parse(model.Path);
        GraphProto graph = proto.Graph;
        long opset = proto.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(1).Max();
        bool pruned = result.Matrices.Any(m => m.Sparse is not null);
        if (opset < 10 || (pruned && opset < 11))
        {
            throw ModelError.InFile(
                ModelErrorCodes.OnnxOpsetTooOld,
                model.Path,
                $"the model imports opset {opset}; its compressed form needs opset {(pruned ? 11 : 10)} or later (Slice with inputs{(pruned ? ", ScatterND" : string.Empty)}). Re-export the model with a newer opset, e.g. torch.onnx.export(..., opset_version=17).");
        }

        (List<ArtifactTensor> layout, List<ManifestPartition> partitions, List<ManifestMatrix> matrices, HashSet<string> replaced) = ArtifactWriter.Layout(result);
        var types = graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (DataType)g.First().DataType, StringComparer.Ordinal);
        var builder = new OnnxGraphBuilder(graph);
        var rewriter = new OnnxGraphRewriter(graph, builder);
        foreach (StoredMatrix stored in result.Matrices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OnnxFactorGraph? factors = null;
            Func<string> dense;
            if (stored.Sparse is { } sparse)
            {
                string? value = null;
                dense = () => value ??= OnnxSparseMatrix.Dense(builder, stored.Matrix.Name, sparse, stored.Matrix.Rows, stored.Matrix.Columns);
            }
            else
            {
                int[]? map = stored.Partition is { } partition ? result.Partitions.First(p => p.Name == partition).Map : null;
                factors = new OnnxFactorGraph(builder, stored, map, opset);
                dense = factors.Dense;
            }

            foreach (string name in stored.Matrix.Tied.Select(t => t.Name).Prepend(stored.Matrix.Name))
            {
                rewriter.Replace(name, types[name], factors, dense, stored.Matrix.Transposed);
            }
        }

        rewriter.Finish();
        bool inputExternal = graph.Initializer.Any(t => t.DataLocation == TensorProto.Types.DataLocation.External);
        RemoveReplaced(graph, replaced);
        graph.Initializer.AddRange(builder.Initializers);

        // The manifest counts the compressed form as docs/format.md defines it (what the run's budget spent); the ONNX file
        // holds it slightly differently (docs/onnx.md: an int32 order instead of the byte map, sub-byte values one per byte).
        long compressed = layout.Where(t => t.Compressed).Sum(t => t.ByteLength);
        ArtifactManifest manifest = ArtifactWriter.Compose(header, partitions, matrices, null, [], compressed);
        SetMetadata(proto, manifest, specText);

        bool external = inputExternal || proto.CalculateSize() > InlineLimit;
        if (!external)
        {
            return (manifest, StagedFile.Write(path, s => Google.Protobuf.MessageExtensions.WriteTo(proto, s), cancellationToken));
        }

        string dataPath = OutputNames.ExternalDataPath(path);
        StagedFile data = StagedFile.Write(dataPath, stream => OnnxDataFile.Write(stream, graph, model.Path, Path.GetFileName(dataPath), ExternalThreshold, cancellationToken), cancellationToken);
        try
        {
            return (manifest, StagedFile.Write(path, s => Google.Protobuf.MessageExtensions.WriteTo(proto, s), cancellationToken).WithCompanion(data));
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private static void RemoveReplaced(GraphProto graph, HashSet<string> replaced)
    {
        var kept = graph.Initializer.Where(t => !replaced.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);

        // Before IR version 4 initializers were listed as inputs too.
        var inputs = graph.Input.Where(i => !replaced.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);

        // Shape annotations of values the rewrite removed (a weight's Transpose) would describe nothing.
        var values = new HashSet<string>(graph.Node.SelectMany(n => n.Output).Concat(graph.Input.Select(i => i.Name)).Concat(kept.Select(t => t.Name)), StringComparer.Ordinal);
        var info = graph.ValueInfo.Where(v => values.Contains(v.Name)).ToList();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(info);
    }

    private static void SetMetadata(ModelProto proto, ArtifactManifest manifest, string specText)
    {
        // The input's own keys stay (a model family's settings, its vocabulary); an input that is itself an artifact has its three replaced.
        var kept = proto.MetadataProps.Where(p => !MetadataKeys.IsArtifactKey(p.Key)).ToList();
        proto.MetadataProps.Clear();
        proto.MetadataProps.AddRange(kept);
        proto.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKeys.FormatVersion, Value = ArtifactFormat.VersionText });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKeys.Manifest, Value = JsonSerializer.Serialize(manifest, ArtifactWriter.JsonOptions) });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKeys.Spec, Value = specText });
    }

    private static ModelProto Parse(string path)
    {
        // The reader has parsed this file already; parsing it again keeps every message the writer does not change as it was.
        using FileStream stream = File.OpenRead(path);
        return ModelProto.Parser.ParseFrom(stream);
    }
}
