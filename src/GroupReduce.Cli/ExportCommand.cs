using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GroupReduce.Core.Export;
using GroupReduce.Core.Reporting;

namespace GroupReduce.Cli;

/// <summary><c>groupreduce export</c>: an artifact as an ordinary dense checkpoint (safetensors, ONNX initializers, .npy files or GGUF).</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var artifact = new Argument<FileInfo>("artifact") { Description = "The artifact (groupreduce compress output, NAME.gr.safetensors)." };
        var format = new Option<ExportFormat?>("--format", "-f") { HelpName = "safetensors|onnx|npy|gguf", Description = "safetensors, onnx, npy (a folder of .npy files with index.json) or gguf (an artifact made from a GGUF model, for llama.cpp). Default: from the output's extension (.safetensors, .onnx or .gguf)." };
        var outputPath = new Option<FileInfo>("--output", "-o") { Description = "The file to write (a folder for npy); replaced atomically if it exists.", Required = true };
        Option<bool> json = CommonOptions.Json("Print what was written as JSON on stdout instead of the summary line.");
        Option<bool> verbose = CommonOptions.Verbose();
        var command = new Command("export", "Rebuild an artifact's compressed matrices as dense tensors under their original names, with every other tensor passed through, so other tools load it as an ordinary checkpoint.")
        {
            artifact, format, outputPath, json, verbose,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(
            () => ErrorReporter.Run(
                () =>
                {
                    ExportResult result = ArtifactExporter.Export(parse.GetValue(artifact)!.FullName, parse.GetValue(outputPath)!.FullName, parse.GetValue(format), cancellationToken);
                    string formatName = result.Format.ToString().ToLowerInvariant();
                    output.WriteLine(parse.GetValue(json)
                        ? new JsonObject
                        {
                            ["output"] = result.OutputPath,
                            ["format"] = formatName,
                            ["tensors"] = result.Tensors,
                            ["rebuilt_tensors"] = new JsonArray([.. result.RebuiltTensors.Select(name => (JsonNode)name)]),
                            ["bytes"] = result.Bytes,
                        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true })
                        : TerminalText.Printable($"{result.OutputPath}: {formatName}, {result.Tensors} tensor(s), {result.RebuiltTensors.Count} rebuilt from compressed matrices ({string.Join(", ", result.RebuiltTensors)}), {ByteSize.Format(result.Bytes)}"));
                    return ExitCodes.Ok;
                },
                error,
                parse.GetValue(verbose)),
            CancellationToken.None));
        return command;
    }
}
