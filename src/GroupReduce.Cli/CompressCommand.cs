using System.CommandLine;
using GroupReduce.Abstractions;
using GroupReduce.Core;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;

namespace GroupReduce.Cli;

/// <summary><c>groupreduce compress</c>: run a spec on a model and write the artifact and its report.</summary>
internal static class CompressCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Argument<FileInfo?>("model")
        {
            Description = "The model file (safetensors, GGUF, .npy/.npz, word2vec, GloVe; detected by content). Defaults to the spec's 'model'.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        Option<FileInfo> spec = CommonOptions.Spec("The compression spec (YAML).");
        var outputPath = new Option<FileInfo?>("--output", "-o")
        {
            Description = $"Where to write the artifact: a name ending in .onnx writes an ONNX model that ONNX Runtime runs (ONNX input only), any other the safetensors artifact. Defaults to the spec's output.path, else <model>{OutputNames.ArtifactSuffix} ({OutputNames.OnnxArtifactSuffix} for a .onnx model) beside the model.",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Show the groups, ranks, bytes and rate the budget gives, without solving or writing anything.",
        };
        Option<int?> threads = CommonOptions.Threads();
        Option<bool> quiet = CommonOptions.Quiet();
        Option<bool> json = CommonOptions.Json("Print the report as JSON on stdout instead of the summary.");
        Option<bool> verbose = CommonOptions.Verbose();
        var depfile = new Option<FileInfo?>("--depfile")
        {
            Description = "After a successful run, write every file it read (model, spec, frequency files, a quality target's data, assemblies) to this file, one path a line, for incremental builds.",
        };
        var cache = new Option<DirectoryInfo?>("--cache")
        {
            Description = "A content-addressed artifact cache folder (shared between checkouts, e.g. saved and restored by CI): a run whose spec, input files, engine and plugins match an entry restores its artifact instead of compressing; a fresh artifact is stored there.",
        };

        Option<DirectoryInfo[]> plugins = CommonOptions.Plugins();

        var command = new Command("compress", "Compress the matrices a spec names and write one safetensors artifact plus a JSON and Markdown report.")
        {
            model, spec, outputPath, dryRun, threads, quiet, json, verbose, depfile, cache, plugins,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ErrorReporter.Run(
            () => Execute(
                parse.GetValue(model),
                parse.GetValue(spec)!,
                parse.GetValue(outputPath),
                parse.GetValue(dryRun),
                parse.ThreadCount(threads),
                parse.GetValue(quiet),
                parse.GetValue(json),
                parse.GetValue(depfile),
                parse.GetValue(cache),
                parse.GetValue(plugins) ?? [],
                output,
                error,
                cancellationToken),
            error,
            parse.GetValue(verbose)), CancellationToken.None));
        return command;
    }

    private static int Execute(FileInfo? modelFile, FileInfo specFile, FileInfo? outputFile, bool dryRun, int threads, bool quiet, bool json, FileInfo? depfile, DirectoryInfo? cache, DirectoryInfo[] plugins, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        CompressionSpec spec = SpecLoader.Load(specFile.FullName);
        string modelPath = modelFile?.FullName ?? spec.Model?.Value ?? throw new GroupReduceException(
            PipelineErrorCodes.NoModel,
            "no model file: pass it as the first argument, or name it with 'model:' in the spec",
            SourceLocation.OfFile(spec.SourcePath));
        string outputPath = outputFile?.FullName
            ?? spec.Output.Path?.Value
            ?? OutputNames.DefaultArtifactPath(modelPath);
        var request = new CompressionRequest
        {
            Spec = spec,
            ModelPath = modelPath,
            OutputPath = outputPath,
            DryRun = dryRun,
            MaxDegreeOfParallelism = threads,
            AdditionalPluginPaths = plugins.Select(folder => folder.FullName).ToList(),
            CacheDirectory = cache?.FullName,
        };

        // Progress and info lines go to stderr (bars on a terminal, throttled lines when redirected); stdout gets only
        // the result, so 'compress --json > report.json' holds the report alone.
        CompressionReport report = ProgressDisplay.Run(error, quiet, observer => CompressionEngine.Run(request, observer, cancellationToken));
        if (json)
        {
            output.WriteLine(ReportWriter.ToJson(report));
        }
        else
        {
            SummaryPrinter.Print(Terminal.For(output), report, quiet);
        }

        // Written last, only after the artifact: a failed run must leave no depfile that claims its inputs were consumed.
        if (depfile is not null && !dryRun)
        {
            DependencyFile.Write(depfile.FullName, report.Inputs.Select(input => input.Path).ToList());
        }

        return ExitCodes.Ok;
    }
}
