using System.Text.Json;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Core.Artifacts;

/// <summary>Recognises a GroupReduce artifact among model files and reads its manifest and spec.</summary>
public static class ArtifactReader
{
    /// <summary>
    /// The error for a command that reads the safetensors artifact (<c>eval</c>, <c>export</c>) given an ONNX model the
    /// engine wrote (its manifest in <c>metadata_props</c>, docs/onnx.md), or null for any other file.
    /// </summary>
    /// <param name="file">An open model file.</param>
    /// <param name="command">The command, for the message.</param>
    /// <returns>The error to throw, or null.</returns>
    public static GroupReduceException? OnnxArtifactError(ModelFile file, string command)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Format == ModelFormat.Onnx && file.Metadata.ContainsKey(MetadataKeys.Manifest)
            ? new GroupReduceException(
                ArtifactErrorCodes.NotAnArtifact,
                $"{Path.GetFileName(file.Path)}: an ONNX model written by 'groupreduce compress' (for ONNX Runtime); '{command}' reads the safetensors artifact. Compress the model again with -o NAME.gr.safetensors: the same spec gives the same factors (docs/onnx.md).",
                SourceLocation.OfFile(file.Path))
            : null;
    }

    /// <summary>Reads the manifest when <paramref name="file"/> is an artifact; returns null for any other model file.</summary>
    /// <param name="file">An open model file.</param>
    /// <returns>The manifest and the spec text, or null.</returns>
    public static (ArtifactManifest Manifest, string Spec)? TryRead(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Format != ModelFormat.Safetensors || !file.Metadata.TryGetValue(MetadataKeys.Manifest, out string? json))
        {
            return null;
        }

        ArtifactManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ArtifactManifest>(json, ArtifactWriter.JsonOptions);
        }
        catch (JsonException ex)
        {
            // The message names the field (its JSON path) and what was wrong with it.
            throw new GroupReduceException(ModelErrorCodes.CorruptArtifact, $"the GroupReduce manifest of '{file.Path}' is not valid: {ex.Message}", SourceLocation.OfFile(file.Path), ex);
        }

        if (manifest is null)
        {
            throw new GroupReduceException(ModelErrorCodes.CorruptArtifact, $"the GroupReduce manifest of '{file.Path}' is empty", SourceLocation.OfFile(file.Path));
        }

        if (manifest.FormatVersion != ArtifactFormat.Version)
        {
            throw new GroupReduceException(ModelErrorCodes.CorruptArtifact, $"'{file.Path}' is a GroupReduce artifact of format {manifest.FormatVersion}; this tool reads format {ArtifactFormat.Version} — use a matching groupreduce version", SourceLocation.OfFile(file.Path));
        }

        ManifestValidation.Check(manifest, file.Path);
        file.Metadata.TryGetValue(MetadataKeys.Spec, out string? spec);
        return (manifest, spec ?? string.Empty);
    }

    /// <summary>The manifest as JSON, in the artifact's own key style.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="indented">Whether to indent for people.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(ArtifactManifest manifest, bool indented) =>
        JsonSerializer.Serialize(manifest, indented ? new JsonSerializerOptions(ArtifactWriter.JsonOptions) { WriteIndented = true } : ArtifactWriter.JsonOptions);

    /// <summary>Checks that every tensor the manifest names exists with a consistent size; returns the problems found.</summary>
    /// <param name="file">The artifact.</param>
    /// <param name="manifest">Its manifest.</param>
    /// <returns>Problems, empty when consistent.</returns>
    public static IReadOnlyList<string> Validate(ModelFile file, ArtifactManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        long compressed = 0;
        void Expect(string? name, string what)
        {
            if (name is null)
            {
                return;
            }

            if (file.FindTensor(name) is { } tensor)
            {
                compressed += tensor.ByteLength;
            }
            else
            {
                problems.Add($"{what}: tensor '{name}' is missing");
            }
        }

        foreach (ManifestPartition partition in manifest.Partitions)
        {
            Expect(partition.Map, $"partition {partition.Name}");
        }

        foreach (ManifestMatrix matrix in manifest.Matrices)
        {
            foreach (ManifestGroup group in matrix.Groups)
            {
                foreach (ManifestPart part in (group.U ?? []).Concat(group.V ?? []).Concat(group.Dense ?? []))
                {
                    string what = $"{matrix.Tensor} group {group.Index}";
                    Expect(part.Data, what);
                    Expect(part.Scales, what);
                    Expect(part.Codebook, what);
                }
            }

            if (matrix.Sparse is { } sparse)
            {
                Expect(sparse.RowStart, matrix.Tensor);
                Expect(sparse.ColumnIndices, matrix.Tensor);
                Expect(sparse.Values, matrix.Tensor);
            }
        }

        if (problems.Count == 0 && compressed != manifest.CompressedBytes)
        {
            problems.Add($"the manifest counts {manifest.CompressedBytes} compressed bytes but its tensors hold {compressed}");
        }

        return problems;
    }
}
