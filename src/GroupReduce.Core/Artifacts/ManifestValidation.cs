using GroupReduce.Abstractions;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// Checks a manifest read from an untrusted file for the fields the deserializer lets through as null (a missing or
/// null string, list or object, or a null list item), so that what reads the manifest afterwards may trust its shape.
/// </summary>
internal static class ManifestValidation
{
    /// <summary>Throws GR2040 naming the first missing or null field.</summary>
    /// <param name="manifest">The manifest as deserialized.</param>
    /// <param name="path">The artifact, for the message.</param>
    /// <exception cref="GroupReduceException">A required field is missing or null.</exception>
    public static void Check(ArtifactManifest manifest, string path)
    {
        void Need(object? value, string field)
        {
            if (value is null)
            {
                throw new GroupReduceException(
                    ModelErrorCodes.CorruptArtifact,
                    $"the GroupReduce manifest of '{path}' is not valid: '{field}' is missing or null. The artifact is damaged or was not written by GroupReduce; compress the model again",
                    SourceLocation.OfFile(path));
            }
        }

        void Items<T>(IReadOnlyList<T>? list, string field, Action<T, string> check)
        {
            Need(list, field);
            for (int i = 0; i < list!.Count; i++)
            {
                Need(list[i], $"{field}[{i}]");
                check(list[i], $"{field}[{i}]");
            }
        }

        Need(manifest.Tool, "tool");
        Need(manifest.Tool.Name, "tool.name");
        Need(manifest.Tool.Version, "tool.version");
        Items(manifest.Plugins, "plugins", (p, at) =>
        {
            Need(p.Kind, at + ".kind");
            Need(p.Name, at + ".name");
            Need(p.Assembly, at + ".assembly");
            Need(p.Version, at + ".version");
            Need(p.Contract, at + ".contract");
        });
        Need(manifest.Input, "input");
        Need(manifest.Input.File, "input.file");
        Need(manifest.Input.Format, "input.format");
        Need(manifest.Input.Hash, "input.hash");
        Need(manifest.Method, "method");
        Need(manifest.Quantization, "quantization");
        Need(manifest.Budget, "budget");
        Items(manifest.Partitions, "partitions", (p, at) =>
        {
            Need(p.Name, at + ".name");
            Need(p.Map, at + ".map");
        });
        Items(manifest.Matrices, "matrices", (m, at) =>
        {
            Need(m.Tensor, at + ".tensor");
            Items(m.Tied, at + ".tied", (_, _) => { });
            Need(m.OriginalDtype, at + ".original_dtype");
            Need(m.Storage, at + ".storage");
            Items(m.Groups, at + ".groups", (g, groupAt) =>
            {
                Need(g.Kind, groupAt + ".kind");
                foreach ((IReadOnlyList<ManifestPart>? parts, string name) in new[] { (g.U, "u"), (g.V, "v"), (g.Dense, "dense") })
                {
                    if (parts is not null)
                    {
                        Items(parts, $"{groupAt}.{name}", (p, partAt) =>
                        {
                            Need(p.Scheme, partAt + ".scheme");
                            Need(p.Data, partAt + ".data");
                        });
                    }
                }
            });
            if (m.Sparse is { } sparse)
            {
                Need(sparse.RowStart, at + ".sparse.row_start");
                Need(sparse.ColumnIndices, at + ".sparse.column_indices");
                Need(sparse.Values, at + ".sparse.values");
            }
        });
        if (manifest.Vocabulary is { } vocabulary)
        {
            Need(vocabulary.Offsets, "vocabulary.offsets");
            Need(vocabulary.Bytes, "vocabulary.bytes");
        }

        Items(manifest.RawTensors, "raw_tensors", (r, at) =>
        {
            Need(r.Tensor, at + ".tensor");
            Need(r.GgmlType, at + ".ggml_type");
            Items(r.Shape, at + ".shape", (_, _) => { });
        });
    }
}
