using System.CommandLine;
using GroupReduce.Abstractions;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;
using GroupReduce.Core.Tuning;

namespace GroupReduce.Cli;

/// <summary>
/// <c>groupreduce tune</c>: compress one model once per combination of spec values (<c>--try PATH=A,B</c>) at one fixed
/// budget, measure each on validation data, report every trial and write the best trial's spec.
/// </summary>
internal static class TuneCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="output">Where the table goes.</param>
    /// <param name="error">Where diagnostics and the progress lines go.</param>
    /// <returns>The command.</returns>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Argument<FileInfo?>("model")
        {
            Description = "The model file (any format compress reads). Defaults to the spec's 'model'.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        Option<FileInfo> spec = CommonOptions.Spec("The compression spec (YAML) every trial starts from.");
        var tries = new Option<string[]>("--try")
        {
            Description = "A search axis: a spec key path, '=' and the values to try, comma-separated (repeatable), e.g. --try groups=5,10,20 --try partitioner.options.allocation=frequency,uniform. The trials are every combination.",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var rate = new Option<string?>("--rate", "-r") { Description = "The compression rate every trial gets (above 1), instead of the spec's budget." };
        var bytes = new Option<string?>("--bytes") { Description = "The byte budget every trial gets, e.g. 150KB (units as the spec's budget.bytes), instead of the spec's budget." };
        var maxTrials = new Option<int>("--max-trials")
        {
            Description = $"The most trials to run; a larger product of the axes is refused before any runs.",
            DefaultValueFactory = _ => TunePlan.DefaultMaxTrials,
        };
        var tokens = new Option<FileInfo?>("--tokens") { Description = "Validation token file (one sentence per line): ranks the trials by perplexity, for models of the nplm family (docs/language-model.md)." };
        var maxSentences = new Option<int?>("--max-sentences") { Description = "With --tokens: score only the first N sentences." };
        var hidden = new Option<FileInfo?>("--hidden") { Description = "Calibration hidden states (.npy, N x d) with --next: ranks the trials by softmax perplexity on them." };
        var next = new Option<FileInfo?>("--next") { Description = "With --hidden: the next-token ids (.npy, N)." };
        var outputDirectory = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "The folder for tune.md and tune.json (created when missing).",
            DefaultValueFactory = _ => new DirectoryInfo("tune-out"),
        };
        var writeSpec = new Option<FileInfo?>("--write-spec") { Description = "Where to write the best trial's spec (default: best.yaml in the output folder). Relative paths in it are rewritten for its folder." };
        Option<int?> threads = CommonOptions.Threads();
        Option<bool> quiet = CommonOptions.Quiet();
        Option<bool> json = CommonOptions.Json("Print the tune report as JSON on stdout instead of the table (progress goes to stderr).");
        Option<bool> verbose = CommonOptions.Verbose();
        Option<DirectoryInfo[]> plugins = CommonOptions.Plugins();
        var command = new Command("tune", "Search spec settings at one fixed budget: compress once per combination of --try values, measure each on validation data, write tune.md, tune.json and the best trial's spec.")
        {
            model, spec, tries, rate, bytes, maxTrials, tokens, maxSentences, hidden, next, outputDirectory, writeSpec, threads, quiet, json, verbose, plugins,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(() => ErrorReporter.Run(
            () =>
            {
                var options = new Options(
                    parse.GetValue(model),
                    parse.GetValue(spec)!,
                    parse.GetValue(tries) ?? [],
                    parse.GetValue(rate),
                    parse.GetValue(bytes),
                    parse.GetValue(maxTrials),
                    parse.GetValue(tokens),
                    parse.GetValue(maxSentences),
                    parse.GetValue(hidden),
                    parse.GetValue(next),
                    parse.GetValue(outputDirectory)!,
                    parse.GetValue(writeSpec),
                    parse.ThreadCount(threads),
                    parse.GetValue(quiet),
                    parse.GetValue(json),
                    parse.GetValue(plugins) ?? []);
                return Execute(options, output, error, cancellationToken);
            },
            error,
            parse.GetValue(verbose),
            "cancelled; tune.md, tune.json and the best spec were not written (no trial leaves an artifact)"), CancellationToken.None));
        return command;
    }

    private static int Execute(Options options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // The axes and the budget are read before the spec, so that a typo in an option is reported before any file is opened.
        List<TuneAxis> axes = options.Tries.Select(t => TuneAxis.Parse(t)).ToList();
        TunePlan.Create(axes, options.MaxTrials);
        if (options.Rate is not null && options.Bytes is not null)
        {
            throw new GroupReduceException(CommandLineErrorCodes.InvalidArgument, "--rate and --bytes both give the budget; give one");
        }

        SweepBudget? budget = options.Rate is { } r ? SweepArguments.ParseRates(r, "--rate") is [var one] ? one : throw new GroupReduceException(TuneErrorCodes.InvalidAxis, "--rate takes one rate; to compare rates use 'groupreduce sweep'")
            : options.Bytes is { } b ? SweepArguments.ParseBytes(b, "--bytes") is [var size] ? size : throw new GroupReduceException(TuneErrorCodes.InvalidAxis, "--bytes takes one size; to compare sizes use 'groupreduce sweep'")
            : null;
        if ((options.Hidden is null) != (options.Next is null))
        {
            throw new GroupReduceException(CommandLineErrorCodes.InvalidArgument, "--hidden and --next go together: the hidden states and the token that follows each");
        }

        if (options.Tokens is not null && options.Hidden is not null)
        {
            throw new GroupReduceException(CommandLineErrorCodes.InvalidArgument, "--tokens and --hidden/--next both give validation data; give one");
        }

        if (options.MaxSentences is < 1)
        {
            throw new GroupReduceException(CommandLineErrorCodes.InvalidArgument, "--max-sentences must be at least 1");
        }

        CompressionSpec spec = SpecLoader.Load(options.Spec.FullName);
        string modelPath = options.Model?.FullName ?? spec.Model?.Value ?? throw new GroupReduceException(
            PipelineErrorCodes.NoModel,
            "no model file: pass it as the first argument, or name it with 'model:' in the spec",
            SourceLocation.OfFile(spec.SourcePath));
        ISweepQualityProbe? probe = null;
        if (options.Tokens is { } tokens)
        {
            PerplexityMeter meter = PerplexityMeter.ForTokens(modelPath, tokens.FullName, options.MaxSentences, options.Threads, cancellationToken);
            probe = new PerplexityProbe(meter, $"perplexity ({tokens.Name})");
        }
        else if (options.Hidden is { } hidden)
        {
            PerplexityMeter meter = PerplexityMeter.ForCalibration(modelPath, hidden.FullName, options.Next!.FullName, null, options.Threads);
            probe = new PerplexityProbe(meter, $"perplexity ({hidden.Name})");
        }

        string outputFolder = options.Output.FullName;
        var request = new TuneRequest
        {
            Spec = spec,
            ModelPath = modelPath,
            OutputDirectory = outputFolder,
            BestSpecPath = options.WriteSpec?.FullName ?? Path.Combine(outputFolder, TuneRunner.BestSpecFile),
            Axes = axes,
            MaxTrials = options.MaxTrials,
            Budget = budget,
            Probe = probe,
            MaxDegreeOfParallelism = options.Threads,
            AdditionalPluginPaths = options.Plugins.Select(folder => folder.FullName).ToList(),
        };

        // The trial lines are progress: stderr, so that stdout holds only the result (the table or, with --json, the report).
        TuneReport report = TuneRunner.Run(request, new TuneObserver(error, options.Quiet), cancellationToken);
        if (options.Json)
        {
            output.WriteLine(TuneReportWriter.ToJson(report));
        }
        else
        {
            TuneTablePrinter.Print(Terminal.For(output), output, report, outputFolder, options.Quiet);
        }

        if (report.Best is null)
        {
            error.WriteLine($"groupreduce: error {TuneErrorCodes.NoTrialSucceeded}: none of the {report.Trials.Count} trials could be compressed at {report.Budget}, so no spec was written; {Path.Combine(outputFolder, TuneRunner.MarkdownFile)} says why for each. Raise the budget or try other values");
            return ExitCodes.UserError;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The options as typed, read inside the error reporter so their errors get its exit code.</summary>
    private sealed record Options(
        FileInfo? Model,
        FileInfo Spec,
        string[] Tries,
        string? Rate,
        string? Bytes,
        int MaxTrials,
        FileInfo? Tokens,
        int? MaxSentences,
        FileInfo? Hidden,
        FileInfo? Next,
        DirectoryInfo Output,
        FileInfo? WriteSpec,
        int Threads,
        bool Quiet,
        bool Json,
        DirectoryInfo[] Plugins);
}
