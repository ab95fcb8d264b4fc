using System.Diagnostics;
using System.Globalization;
using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tuning;

/// <summary>
/// Runs a search (<c>groupreduce tune</c>): every trial is the spec's text with the trial's values written in, read by
/// the spec loader, compressed by the engine at the one fixed budget (staged, measured, then dropped: no artifact is
/// kept), and measured by validation perplexity when there is validation data. Then <c>tune.json</c>, <c>tune.md</c>
/// and the best trial's spec are written. A trial its budget cannot hold, or whose values the engine or the spec
/// refuses together, is recorded with the message and the search goes on; errors every trial would meet (a value
/// the spec refuses on its own, an unknown plugin, the model) stop it before the first trial.
/// </summary>
public static class TuneRunner
{
    /// <summary>The JSON report's file name in the output folder.</summary>
    public const string JsonFile = "tune.json";

    /// <summary>The Markdown report's file name in the output folder.</summary>
    public const string MarkdownFile = "tune.md";

    /// <summary>The best spec's file name in the output folder when no other path is given.</summary>
    public const string BestSpecFile = "best.yaml";

    // Each trial is staged here and dropped after it is measured; the name is never committed.
    private const string TrialFile = "trial" + OutputNames.ArtifactSuffix;

    /// <summary>Runs the search.</summary>
    /// <param name="request">The search.</param>
    /// <param name="observer">Follows the trials and receives each engine run's progress and warnings.</param>
    /// <param name="cancellationToken">Stops the search at the engine's next check; nothing is written.</param>
    /// <returns>The report (also written to the output folder).</returns>
    /// <exception cref="GroupReduceException">GR1240–GR1242 for the search itself; a spec or plugin error of one value; the engine's error for a problem every trial shares.</exception>
    public static TuneReport Run(TuneRequest request, ITuneObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        var clock = Stopwatch.StartNew();
        if (request.MaxDegreeOfParallelism < 1)
        {
            throw new GroupReduceException(TuneErrorCodes.InvalidAxis, "--threads must be at least 1");
        }

        TunePlan plan = TunePlan.Create(request.Axes, request.MaxTrials);
        CompressionSpec spec = request.Spec;
        (SweepBudget budget, string budgetSource) = FixedBudget(request);
        CheckValues(request, plan);
        string modelPath = ModelFileReader.ResolvePath(request.ModelPath);
        ManifestInput model = Describe(modelPath, cancellationToken);
        string rankedBy = request.Probe?.Name ?? "weighted rel. error";
        observer.Planned(plan, budget.Label, rankedBy);

        Directory.CreateDirectory(request.OutputDirectory);
        string trialPath = Path.Combine(request.OutputDirectory, TrialFile);
        AtomicFile.RemoveStale(trialPath);
        var ledger = new InputLedger();
        var results = new List<TuneTrialResult>();
        foreach (TuneTrial trial in plan.Trials)
        {
            cancellationToken.ThrowIfCancellationRequested();
            observer.TrialStarting(trial, plan.Trials.Count);
            TuneTrialResult result = RunTrial(request, trial, budget, modelPath, trialPath, ledger, observer, cancellationToken);
            results.Add(result);
            observer.TrialFinished(result, plan.Trials.Count);
        }

        TuneTrialResult? best = TuneRanking.Best(results, request.Probe is not null);
        SweepQuality? quality = request.Probe is { } probe ? new SweepQuality(probe.Name, probe.Original) : null;
        var notes = new List<string>
        {
            $"each trial is {Path.GetFileName(spec.SourcePath)} with the trial's values written in, compressed at {budget.Label} ({budgetSource}) with no baselines; its artifact was measured and dropped",
            "ranked by " + rankedBy + " (lower is better); ties go to fewer bytes, then to the earlier trial",
        };
        string? bestText = null;
        if (best is not null)
        {
            bestText = BestSpecText(request, best, budget, budgetSource, quality, plan.Trials.Count);
        }
        else
        {
            notes.Add("no trial could be compressed at this budget, so no spec was written; see each trial's message");
        }

        var report = new TuneReport
        {
            Tool = new ManifestTool("groupreduce", ToolVersion.Current),
            Model = model,
            Spec = spec.SourcePath,
            Budget = budget.Label,
            BudgetSource = budgetSource,
            Axes = plan.Axes.Select(a => new TuneAxisReport(a.Path, a.Values)).ToList(),
            RankedBy = rankedBy,
            Quality = quality,
            Trials = results,
            Best = best?.Number,
            BestSpec = bestText is null ? null : request.BestSpecPath,
            Notes = notes,
            Seconds = clock.Elapsed.TotalSeconds,
        };

        // Everything is written at the end, each file whole (a cancel before here leaves none of them).
        AtomicFile.Write(Path.Combine(request.OutputDirectory, JsonFile), s => s.Write(Encoding.UTF8.GetBytes(TuneReportWriter.ToJson(report))), cancellationToken);
        AtomicFile.Write(Path.Combine(request.OutputDirectory, MarkdownFile), s => s.Write(Encoding.UTF8.GetBytes(TuneReportWriter.ToMarkdown(report))), cancellationToken);
        if (bestText is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(request.BestSpecPath)!);
            AtomicFile.Write(request.BestSpecPath, s => s.Write(Encoding.UTF8.GetBytes(bestText)), cancellationToken);
        }

        return report;
    }

    private static (SweepBudget Budget, string Source) FixedBudget(TuneRequest request)
    {
        if (request.Budget is { } given)
        {
            return (given, given.Kind == BudgetKind.Rate ? "--rate" : "--bytes");
        }

        BudgetSpec written = request.Spec.Budget;
        return written.Kind switch
        {
            BudgetKind.Rate => (SweepBudget.Rate(written.Value), "the spec"),
            BudgetKind.Bytes => (SweepBudget.Bytes((long)written.Value), "the spec"),
            _ => throw new GroupReduceException(
                TuneErrorCodes.NoSizeBudget,
                $"tune compares settings at one size, and this spec's budget is {(written.Kind == BudgetKind.Target ? "a quality target" : "a parameter count, whose bytes change with the quantizer")}; give the size with --rate (e.g. --rate 6.6) or --bytes (e.g. --bytes 150KB)",
                written.Location),
        };
    }

    /// <summary>
    /// Each value alone, written into the spec and loaded, and its plugins created: a value the spec or a plugin refuses
    /// would fail every trial that has it, so it stops the search here, before minutes of other trials.
    /// </summary>
    private static void CheckValues(TuneRequest request, TunePlan plan)
    {
        CompressionSpec spec = request.Spec;
        using PluginHost host = PluginHost.Discover(spec.PluginPaths.Select(p => new PluginSearchPath(p.Value, p.Location)).Concat(request.AdditionalPluginPaths.Select(p => new PluginSearchPath(p))), request.IncludeBuiltInPlugins);
        foreach (TuneAxis axis in plan.Axes)
        {
            foreach (string value in axis.Values)
            {
                var setting = new TuneSetting(axis.Path, value);
                string text = TuneSpecText.Apply(spec.SourceText, spec.SourcePath, [setting]);
                CompressionSpec one = TuneSpecText.Load(text, spec.SourcePath, "--try " + setting);
                if (!one.PluginPaths.Select(p => p.Value).SequenceEqual(spec.PluginPaths.Select(p => p.Value), StringComparer.Ordinal))
                {
                    continue; // Its plugins live elsewhere; its trials find out.
                }

                try
                {
                    PluginSet.Create(host, one, SilentObserver.Instance, request.MaxDegreeOfParallelism).Dispose();
                }
                catch (GroupReduceException ex)
                {
                    throw new GroupReduceException(ex.Code, $"--try {setting}: {ex.Message}", ex.Location, ex);
                }
            }
        }
    }

    private static TuneTrialResult RunTrial(TuneRequest request, TuneTrial trial, SweepBudget budget, string modelPath, string trialPath, InputLedger ledger, ITuneObserver observer, CancellationToken cancellationToken)
    {
        CompressionSpec spec = request.Spec;
        var clock = Stopwatch.StartNew();
        TuneTrialResult Missed(GroupReduceException ex, SweepCellStatus status) => new()
        {
            Number = trial.Number,
            Settings = trial.Settings,
            Status = status,
            ErrorCode = ex.Code,
            Error = ex.Location is { } at ? $"{ex.Message} (at {Path.GetFileName(at.File)}({at.Line},{at.Column}) of the trial's spec)" : ex.Message,
            Seconds = clock.Elapsed.TotalSeconds,
        };

        CompressionSpec trialSpec;
        try
        {
            string text = TuneSpecText.Apply(spec.SourceText, spec.SourcePath, trial.Settings);
            trialSpec = TuneSpecText.Load(text, spec.SourcePath, trial.Label);
        }
        catch (GroupReduceException ex)
        {
            // Each value loaded alone; these values refuse each other.
            return Missed(ex, SweepCellStatus.Failed);
        }

        var compression = new CompressionRequest
        {
            Spec = trialSpec.Derive(
                budget: new BudgetSpec { Kind = budget.Kind, Value = budget.Value, Location = trialSpec.Budget.Location },
                baselines: [],
                writeReports: false,
                note: $"groupreduce tune: trial {trial.Number}: {trial.Label} at {budget.Label}"),
            ModelPath = modelPath,
            OutputPath = trialPath,
            MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
            IncludeBuiltInPlugins = request.IncludeBuiltInPlugins,
            AdditionalPluginPaths = request.AdditionalPluginPaths,
        };
        StagedRun run;
        try
        {
            run = CompressionEngine.Stage(compression, ledger, observer, cancellationToken);
        }
        catch (GroupReduceException ex) when (ex.Code is ErrorCodes.BudgetTooSmall or ErrorCodes.ImpossibleRank or ErrorCodes.FactorizationFailed or ErrorCodes.QuantizationOverflow || ex.Code.StartsWith("GR13", StringComparison.Ordinal))
        {
            // As in sweep: these belong to this trial's values at this budget; every other error would fail each trial alike.
            return Missed(ex, ex.Code is ErrorCodes.BudgetTooSmall or ErrorCodes.ImpossibleRank ? SweepCellStatus.Infeasible : SweepCellStatus.Failed);
        }

        using (run)
        {
            double seconds = clock.Elapsed.TotalSeconds;
            double? perplexity = null;
            double? measureSeconds = null;
            if (request.Probe is { } probe)
            {
                var measureClock = Stopwatch.StartNew();
                perplexity = probe.Measure(run.Artifact!.TemporaryPath, cancellationToken);
                measureSeconds = measureClock.Elapsed.TotalSeconds;
            }

            MethodReport result = run.Report.Result;
            return new TuneTrialResult
            {
                Number = trial.Number,
                Settings = trial.Settings,
                Status = SweepCellStatus.Done,
                BudgetBytes = budget.Kind == BudgetKind.Bytes ? budget.Value : result.OriginalBytes / budget.Value,
                OriginalBytes = result.OriginalBytes,
                Bytes = result.Bytes,
                Rate = result.Rate,
                Quantization = run.Report.Quantization,
                WeightedRelativeError = result.WeightedRelativeError,
                RelativeError = result.RelativeError,
                Perplexity = perplexity,
                PerplexityIncrease = perplexity is { } p && request.Probe!.Original is var o && double.IsFinite(o) && o > 0 ? p / o - 1 : null,
                Seconds = seconds,
                MeasureSeconds = measureSeconds,
            };
        }
    }

    /// <summary>The spec the user can commit: the original text with the best trial's values (and a budget given on the command line) written in.</summary>
    private static string BestSpecText(TuneRequest request, TuneTrialResult best, SweepBudget budget, string budgetSource, SweepQuality? quality, int count)
    {
        CompressionSpec spec = request.Spec;
        string text = TuneSpecText.Apply(spec.SourceText, spec.SourcePath, best.Settings);
        if (request.Budget is not null)
        {
            text = TuneSpecText.WithBudget(text, spec.SourcePath, budget);
        }

        text = TuneSpecText.Relocate(text, spec.SourcePath, request.BestSpecPath);
        string measured = quality is not null && best.Perplexity is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"perplexity {p:0.###}{(best.PerplexityIncrease is { } inc ? $" ({inc:+0.##%;-0.##%} over the original)" : string.Empty)}")
            : "weighted error " + ReportWriter.Error(best.WeightedRelativeError);
        string header = string.Create(CultureInfo.InvariantCulture, $"# groupreduce tune: best of {count} trials at {budget.Label} ({budgetSource}): {best.Label}, {best.Rate:0.##}x, {measured}; tune.md lists every trial{(text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n")}");
        bool bom = text.StartsWith('\uFEFF');
        text = bom ? '\uFEFF' + header + text[1..] : header + text;

        // The file is for committing: it must load where it will live, as it is.
        TuneSpecText.Load(text, request.BestSpecPath, "the best trial's spec");
        return text;
    }

    private static ManifestInput Describe(string modelPath, CancellationToken cancellationToken)
    {
        // Opening the model here also stops a search on an unreadable model before any trial runs.
        using ModelFile model = ModelFileReader.Open(modelPath);
        return new ManifestInput(Path.GetFileName(modelPath), model.Format.ToString().ToLowerInvariant(), new FileInfo(modelPath).Length, InputHash.OfFile(modelPath, cancellationToken));
    }

    /// <summary>Checking a value's plugins says nothing the trials will not say again.</summary>
    private sealed class SilentObserver : IRunObserver
    {
        public static readonly SilentObserver Instance = new();

        public void Info(string message)
        {
        }

        public void Warning(string code, string message, SourceLocation? location)
        {
        }

        public void Progress(string stage, long done, long total)
        {
        }
    }
}
