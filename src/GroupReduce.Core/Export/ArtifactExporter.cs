using GroupReduce.Abstractions;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Export;

/// <summary>
/// <c>groupreduce export</c>: turns an artifact back into an ordinary dense checkpoint — each compressed matrix rebuilt, as
/// the runtime decodes it, under its original tensor name and every name tied to it, in its original float type; every
/// other tensor of the artifact passed through unchanged; the artifact's own tensors (maps, factors, scales, codebooks,
/// sparse arrays) left out — as safetensors, ONNX initializers, .npy files or, for an artifact made from a GGUF model, GGUF
/// (docs/cli.md).
/// </summary>
public static class ArtifactExporter
{
    /// <summary>The format an output path asks for by its extension: <c>.safetensors</c>, <c>.onnx</c> or <c>.gguf</c> (any case).</summary>
    /// <param name="outputPath">The output path.</param>
    /// <returns>The format.</returns>
    /// <exception cref="GroupReduceException"><see cref="ModelErrorCodes.ExportFormatUnknown"/> for any other extension.</exception>
    public static ExportFormat FormatFor(string outputPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        string extension = Path.GetExtension(outputPath);
        if (extension.Equals(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            return ExportFormat.Safetensors;
        }

        if (extension.Equals(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return ExportFormat.Onnx;
        }

        if (extension.Equals(".gguf", StringComparison.OrdinalIgnoreCase))
        {
            return ExportFormat.Gguf;
        }

        throw new GroupReduceException(
            ModelErrorCodes.ExportFormatUnknown,
            $"cannot tell the export format from '{Path.GetFileName(outputPath)}': name the output *.safetensors, *.onnx or *.gguf, or pass --format safetensors|onnx|npy|gguf (npy writes a folder).",
            SourceLocation.OfFile(outputPath));
    }

    /// <summary>Exports an artifact.</summary>
    /// <param name="artifactPath">The artifact (<c>NAME.gr.safetensors</c>).</param>
    /// <param name="outputPath">The file to write (a folder for <see cref="ExportFormat.Npy"/>); replaced atomically if it exists.</param>
    /// <param name="format">The format; from <paramref name="outputPath"/>'s extension when null (<see cref="FormatFor"/>).</param>
    /// <param name="cancellationToken">Stops the export; the output stays as it was.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="GroupReduceException">
    /// The artifact cannot be read (its GR20xx code: GR2041 for a model file that is not an artifact, GR2040 for a damaged
    /// one), the format cannot be told (GR2070), the output cannot be used (GR2071), names collide (GR2072), GGUF was asked of
    /// an artifact not made from a GGUF model (GR2073), or the output cannot be written (GR1207).
    /// </exception>
    public static ExportResult Export(string artifactPath, string outputPath, ExportFormat? format, CancellationToken cancellationToken = default) =>
        Export(artifactPath, outputPath, format, OnnxExport.ProtobufLimit, cancellationToken);

    /// <summary><see cref="Export(string, string, ExportFormat?, CancellationToken)"/> with the size above which ONNX goes to external data (tests make it small).</summary>
    internal static ExportResult Export(string artifactPath, string outputPath, ExportFormat? format, long onnxInlineLimit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ExportFormat chosen = format ?? FormatFor(outputPath);
        string output = Path.GetFullPath(outputPath);
        string input = Path.GetFullPath(artifactPath);
        CheckOutput(input, output, chosen);
        cancellationToken.ThrowIfCancellationRequested();
        using ExportSource source = ExportSource.Open(input, chosen, cancellationToken);
        int count = source.Tensors.Count;
        (IReadOnlyList<string> files, long bytes) = chosen switch
        {
            ExportFormat.Safetensors => ([output], SafetensorsExport.Write(source, output, cancellationToken)),
            ExportFormat.Onnx => OnnxExport.Write(source, output, onnxInlineLimit, cancellationToken),
            ExportFormat.Gguf => GgufFile(source, output, out count, cancellationToken),
            _ => NpyExport.Write(source, output, cancellationToken),
        };
        return new ExportResult(chosen, output, files, count, [.. source.Tensors.Where(t => t.Rebuilt).Select(t => t.Name)], bytes);
    }

    // A GGUF export leaves out the vocabulary tensors (the tokens are in its metadata), so it counts its own tensors.
    private static (IReadOnlyList<string> Files, long Bytes) GgufFile(ExportSource source, string output, out int count, CancellationToken cancellationToken)
    {
        (long bytes, count) = GgufExport.Write(source, output, cancellationToken);
        return ([output], bytes);
    }

    private static void CheckOutput(string input, string output, ExportFormat format)
    {
        StringComparison comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (string.Equals(input, output, comparison) || (format == ExportFormat.Onnx && string.Equals(input, OutputNames.ExternalDataPath(output), comparison)))
        {
            throw ExportOutput.Invalid(output, "is the artifact itself; export writes a new file beside it. Choose another output name");
        }

        if (format == ExportFormat.Npy)
        {
            NpyExport.CheckTarget(output);
        }
        else if (Directory.Exists(output) || (format == ExportFormat.Onnx && Directory.Exists(OutputNames.ExternalDataPath(output))))
        {
            throw ExportOutput.Invalid(output, $"is a folder; --format {format.ToString().ToLowerInvariant()} writes one file. Give a file path, or --format npy for a folder of .npy files");
        }
    }
}
