using System.CommandLine;
using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Cli;

/// <summary>
/// <c>groupreduce sweep</c>: compress one model at a grid of budgets, methods and quantizers and write a
/// report with plots. A quality probe (e.g. perplexity) plugs in through <see cref="Create"/>'s probe
/// options and a factory that builds the probe from the parsed command line.
/// </summary>
internal static class SweepCommand
{
    public const string DefaultRates = "2,4,6.6,10,20";

    public const string DefaultQuantizers = "none,int8";

    /// <summary>Builds the command.</summary>
    /// <param name="output">Where the table or the JSON goes.</param>
    /// <param name="error">Where diagnostics and the progress lines go.</param>
    /// <param name="probeFactory">Builds the quality probe from the parsed options and the model path; null result: no probe.</param>
    /// <param name="probeOptions">The options the probe factory reads (e.g. <c>--tokens</c>).</param>
    /// <returns>The command.</returns>
    public static Command Create(TextWriter output, TextWriter error, Func<ParseResult, string, ISweepQualityProbe?>? probeFactory = null, params Option[] probeOptions)
    {
        var model = new Argument<FileInfo?>("model")
        {
            Description = "The model file (any format compress reads). Defaults to the spec's 'model'.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        Option<FileInfo> spec = CommonOptions.Spec("The compression spec (YAML) every cell starts from.");
        var rates = new Option<string?>("--rates", "-r")
        {
            Description = $"Compression rates to sweep, comma-separated, each above 1 (default {DefaultRates} unless --bytes is given).",
        };
        var bytes = new Option<string?>("--bytes")
        {
            Description = "Byte budgets to sweep as well, comma-separated, e.g. 150KB,100000 (units as the spec's budget.bytes).",
        };
        var methods = new Option<string?>("--methods", "-m")
        {
            Description = "Methods, comma-separated: groupreduce, svd, weighted-svd, prune, quantize (default: the spec's method and baselines).",
        };
        var quantizers = new Option<string>("--quantizers")
        {
            Description = "Quantizers, comma-separated: none (float32 factors) or a quantizer plugin such as int8, int4, codebook.",
            DefaultValueFactory = _ => DefaultQuantizers,
        };
        var outputDirectory = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "The folder for sweep.md, sweep.json, the plots and cells/ (created when missing).",
            DefaultValueFactory = _ => new DirectoryInfo("sweep-out"),
        };
        var noPlots = new Option<bool>("--no-plots")
        {
            Description = "Draw no plots: for a platform the plots' native libraries do not support (GR1222); the table, sweep.json and the artifacts are written as usual.",
        };
        Option<int?> threads = CommonOptions.Threads();
        Option<bool> quiet = CommonOptions.Quiet();
        Option<bool> json = CommonOptions.Json("Print the sweep report as JSON on stdout instead of the table.");
        Option<bool> verbose = CommonOptions.Verbose();

        Option<DirectoryInfo[]> plugins = CommonOptions.Plugins();
        var command = new Command("sweep", "Compress a model at a grid of rates, methods and quantizers; write sweep.md and sweep.json with plots of error (and quality) against rate.")
        {
            model, spec, rates, bytes, methods, quantizers, outputDirectory, noPlots, threads, quiet, json, verbose, plugins,
        };
        foreach (Option option in probeOptions)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => Task.Run(() => ErrorReporter.Run(
            () =>
            {
                var grid = new GridText(parse.GetValue(rates), parse.GetValue(bytes), parse.GetValue(methods), parse.GetValue(quantizers)!);
                return Execute(parse, grid, parse.GetValue(model), parse.GetValue(spec)!, parse.GetValue(outputDirectory)!, !parse.GetValue(noPlots), parse.ThreadCount(threads), parse.GetValue(quiet), parse.GetValue(json), parse.GetValue(plugins) ?? [], probeFactory, output, error, cancellationToken);
            },
            error,
            parse.GetValue(verbose),
            "cancelled; the cells finished before the cancel were written under cells/ (the running one was not), and sweep.md/sweep.json were not written"), CancellationToken.None));
        return command;
    }

    private static int Execute(ParseResult parse, GridText grid, FileInfo? modelFile, FileInfo specFile, DirectoryInfo outputDirectory, bool writePlots, int threads, bool quiet, bool json, DirectoryInfo[] plugins, Func<ParseResult, string, ISweepQualityProbe?>? probeFactory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // The grid is read before the spec so that a typo in an option is reported before any file is opened.
        var budgets = new List<SweepBudget>();
        if (grid.Rates is not null || grid.Bytes is null)
        {
            budgets.AddRange(SweepArguments.ParseRates(grid.Rates ?? DefaultRates));
        }

        if (grid.Bytes is not null)
        {
            budgets.AddRange(SweepArguments.ParseBytes(grid.Bytes));
        }

        IReadOnlyList<CompressionMethod>? methods = grid.Methods is null ? null : SweepArguments.ParseMethods(grid.Methods);
        IReadOnlyList<string> quantizers = SweepArguments.ParseQuantizers(grid.Quantizers);
        CompressionSpec spec = SpecLoader.Load(specFile.FullName);
        string modelPath = modelFile?.FullName ?? spec.Model?.Value ?? throw new GroupReduceException(
            PipelineErrorCodes.NoModel,
            "no model file: pass it as the first argument, or name it with 'model:' in the spec",
            SourceLocation.OfFile(spec.SourcePath));
        var request = new SweepRequest
        {
            Spec = spec,
            ModelPath = modelPath,
            OutputDirectory = outputDirectory.FullName,
            Budgets = budgets,
            Methods = methods ?? [.. new[] { spec.Method.Value }.Concat(spec.Baselines.Select(b => b.Value)).Distinct()],
            Quantizers = quantizers,
            Probe = probeFactory?.Invoke(parse, modelPath),
            MaxDegreeOfParallelism = threads,
            WritePlots = writePlots,
            AdditionalPluginPaths = plugins.Select(folder => folder.FullName).ToList(),
        };
        SweepReport report = SweepRunner.Run(request, new SweepObserver(error, quiet), cancellationToken);
        if (json)
        {
            output.WriteLine(SweepReportWriter.ToJson(report));
        }
        else
        {
            SweepTablePrinter.Print(Terminal.For(output), output, report, outputDirectory.FullName, quiet);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The grid options as typed, read inside the error reporter so their errors get its exit code.</summary>
    private sealed record GridText(string? Rates, string? Bytes, string? Methods, string Quantizers);
}
