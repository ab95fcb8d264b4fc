namespace GroupReduce.Core.Artifacts;

/// <summary>
/// The JSON document stored under the <c>groupreduce.manifest</c> key of the artifact's
/// <c>__metadata__</c>: everything a reader needs to rebuild the matrices from the tensors, and what
/// made them. docs/format.md is its specification.
/// </summary>
public sealed class ArtifactManifest
{
    /// <summary>The format version (1).</summary>
    public required int FormatVersion { get; init; }

    /// <summary>The tool that wrote the artifact.</summary>
    public required ManifestTool Tool { get; init; }

    /// <summary>The plugins that made it.</summary>
    public required IReadOnlyList<ManifestPlugin> Plugins { get; init; }

    /// <summary>The input model.</summary>
    public required ManifestInput Input { get; init; }

    /// <summary>The method: groupreduce, svd, weighted-svd, prune or quantize.</summary>
    public required string Method { get; init; }

    /// <summary>The quantizer's description of its encoding.</summary>
    public required string Quantization { get; init; }

    /// <summary>The budget as the user gave it, resolved.</summary>
    public required string Budget { get; init; }

    /// <summary>The row→group maps.</summary>
    public required IReadOnlyList<ManifestPartition> Partitions { get; init; }

    /// <summary>The compressed matrices.</summary>
    public required IReadOnlyList<ManifestMatrix> Matrices { get; init; }

    /// <summary>The vocabulary tensors, when the input carried a vocabulary.</summary>
    public ManifestVocabulary? Vocabulary { get; init; }

    /// <summary>Input tensors stored as raw bytes because safetensors has no type for them (GGML block types).</summary>
    public required IReadOnlyList<ManifestRawTensor> RawTensors { get; init; }

    /// <summary>Bytes of the original matrices (tied copies included).</summary>
    public required long OriginalBytes { get; init; }

    /// <summary>Bytes of every tensor that replaces them: factors, scales, codebooks, maps.</summary>
    public required long CompressedBytes { get; init; }

    /// <summary><see cref="OriginalBytes"/> / <see cref="CompressedBytes"/>.</summary>
    public required double CompressionRate { get; init; }
}
