namespace GroupReduce.Core;

/// <summary>
/// The names the engine gives its outputs: the artifact's default name and the reports beside it. This file is their one
/// home: the CLI calls it, and the MSBuild task (netstandard2.0, which references no engine assembly) compiles this very
/// file in, so the build and the command line can never disagree on a name.
/// </summary>
/// <remarks>Written for netstandard2.0 as well as .NET 10: no span or range APIs.</remarks>
public static class OutputNames
{
    /// <summary>The artifact's suffix: <c>lm.bin</c> compresses to <c>lm.gr.safetensors</c>.</summary>
    public const string ArtifactSuffix = ".gr.safetensors";

    /// <summary>The suffix of the artifact of an ONNX model: <c>model.onnx</c> compresses to <c>model.gr.onnx</c> (docs/onnx.md).</summary>
    public const string OnnxArtifactSuffix = ".gr.onnx";

    /// <summary>The JSON report's suffix, after the artifact's name without its extension.</summary>
    public const string JsonReportSuffix = ".report.json";

    /// <summary>The Markdown report's suffix, after the artifact's name without its extension.</summary>
    public const string MarkdownReportSuffix = ".report.md";

    // A sharded checkpoint's index names the model before this suffix: model.safetensors.index.json gives model.gr.safetensors.
    private const string ShardIndexSuffix = ".safetensors.index.json";

    /// <summary>
    /// The artifact's default file name for a model: its name without the extension, then <see cref="OnnxArtifactSuffix"/>
    /// for a <c>.onnx</c> model (an ONNX model that ONNX Runtime runs) and <see cref="ArtifactSuffix"/> for any other. A
    /// sharded checkpoint's index <c>model.safetensors.index.json</c> gives <c>model.gr.safetensors</c>; a checkpoint folder
    /// <c>ckpt/</c> gives <c>ckpt.gr.safetensors</c>.
    /// </summary>
    /// <param name="modelPath">The model file or checkpoint folder (a path or a name).</param>
    /// <returns>A file name, no folder.</returns>
    public static string ArtifactName(string modelPath) =>
        (modelPath.EndsWith(ShardIndexSuffix, StringComparison.Ordinal)
            ? Path.GetFileName(modelPath).Substring(0, Path.GetFileName(modelPath).Length - ShardIndexSuffix.Length)
            : Path.GetFileNameWithoutExtension(TrimSeparators(modelPath))) + (IsOnnx(modelPath) ? OnnxArtifactSuffix : ArtifactSuffix);

    /// <summary>Whether an artifact path names an ONNX model (it ends in <c>.onnx</c>, any case): the engine then writes ONNX.</summary>
    /// <param name="artifactPath">The artifact's path or name.</param>
    /// <returns>Whether it is an ONNX output.</returns>
    public static bool IsOnnx(string artifactPath) => artifactPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The external data file of an ONNX artifact: its name with <c>.data</c> after it (<c>lm.gr.onnx.data</c>), written
    /// beside it when the input kept initializers in external data or the model would pass 2 GB (docs/onnx.md).
    /// </summary>
    /// <param name="artifactPath">The artifact's path.</param>
    /// <returns>The data file's path.</returns>
    public static string ExternalDataPath(string artifactPath) => artifactPath + ".data";

    /// <summary>The artifact's default path: <see cref="ArtifactName"/> beside the model (beside a checkpoint folder, not in it).</summary>
    /// <param name="modelPath">The model file or checkpoint folder.</param>
    /// <returns>The path.</returns>
    public static string DefaultArtifactPath(string modelPath) => Path.Combine(Path.GetDirectoryName(TrimSeparators(modelPath)) ?? ".", ArtifactName(modelPath));

    /// <summary>Where the JSON and Markdown reports of an artifact go: beside it, <c>name.report.json</c> and <c>name.report.md</c>.</summary>
    /// <param name="artifactPath">The artifact's path.</param>
    /// <returns>The two paths.</returns>
    public static (string Json, string Markdown) ReportPaths(string artifactPath)
    {
        string stem = Path.Combine(Path.GetDirectoryName(artifactPath) ?? ".", Path.GetFileNameWithoutExtension(artifactPath));
        return (stem + JsonReportSuffix, stem + MarkdownReportSuffix);
    }

    // A folder given as "ckpt/" names the folder, not an empty name inside it; a root stays as it is.
    private static string TrimSeparators(string path) =>
        path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : path;
}
