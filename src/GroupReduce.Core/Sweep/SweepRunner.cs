using System.Diagnostics;
using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Spec.Reading;
using GroupReduce.Core.Sweep.Plots;

namespace GroupReduce.Core.Sweep;

/// <summary>
/// Runs a sweep: the engine once per cell of the grid, each to <c>cells/&lt;method&gt;-&lt;budget&gt;-&lt;quantizer&gt;.gr.safetensors</c>,
/// then <c>sweep.json</c>, <c>sweep.md</c> and the plots in the output folder. A cell whose budget is impossible for
/// its method is recorded as infeasible with the engine's message; errors that every cell would meet (the spec,
/// the model, a plugin) stop the sweep.
/// </summary>
public static class SweepRunner
{
    /// <summary>The JSON report's file name in the output folder.</summary>
    public const string JsonFile = "sweep.json";

    /// <summary>The Markdown report's file name in the output folder.</summary>
    public const string MarkdownFile = "sweep.md";

    /// <summary>The folder of the cells' artifacts, under the output folder.</summary>
    public const string CellsFolder = "cells";

    /// <summary>Runs the sweep.</summary>
    /// <param name="request">The sweep.</param>
    /// <param name="observer">Follows the cells and receives each engine run's progress and warnings.</param>
    /// <param name="cancellationToken">Stops the sweep at the engine's next check; a cell in progress leaves no artifact and no report is written.</param>
    /// <returns>The report (also written to the output folder).</returns>
    /// <exception cref="GroupReduceException">GR1220 for an invalid grid; the engine's error for a problem every cell shares.</exception>
    public static SweepReport Run(SweepRequest request, ISweepObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        var clock = Stopwatch.StartNew();
        CheckGrid(request);
        CheckQuantizers(request);
        SweepGrid grid = SweepGrid.Create(request.Methods, request.Budgets, request.Quantizers);
        if (request.WritePlots)
        {
            // Before the first cell: a platform that cannot draw fails now, not after the whole grid has run.
            PlotSupport.EnsureAvailable();
        }

        ManifestInput model = Describe(ModelFileReader.ResolvePath(request.ModelPath), cancellationToken);

        Directory.CreateDirectory(Path.Combine(request.OutputDirectory, CellsFolder));
        var results = new List<SweepCellResult>();
        string? frequencies = null;
        for (int i = 0; i < grid.Cells.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SweepCell cell = grid.Cells[i];
            observer.CellStarting(cell, i, grid.Cells.Count);
            SweepCellResult result = RunCell(request, cell, observer, ref frequencies, cancellationToken);
            results.Add(result);
            observer.CellFinished(result, i, grid.Cells.Count);
        }

        SweepQuality? quality = request.Probe is { } probe ? new SweepQuality(probe.Name, probe.Original) : null;
        List<string> notes = [.. grid.Notes];
        IReadOnlyList<SweepPlot> plots = [];
        if (request.WritePlots)
        {
            plots = SweepPlotter.Write(results, quality, request.OutputDirectory, cancellationToken);
        }
        else
        {
            SweepPlotter.RemoveAll(request.OutputDirectory);
            notes.Add("plots: not drawn (--no-plots)");
        }

        if (plots.Count > 0 && !SweepPlotter.CanDrawText)
        {
            const string NoFonts = "no font was found (on Linux: under /usr/share/fonts), so the plots have no titles, labels or ticks; install one (Debian: fonts-dejavu-core) and run the sweep again";
            observer.Warning(SweepErrorCodes.PlotsWithoutText, NoFonts, null);
            notes.Add("plots: " + NoFonts);
        }

        var report = new SweepReport
        {
            Tool = new ManifestTool("groupreduce", ToolVersion.Current),
            Model = model,
            Spec = request.Spec.SourcePath,
            SpecText = request.Spec.SourceText,
            Frequencies = frequencies ?? "(no cell ran far enough to resolve them)",
            Methods = request.Methods.Select(SweepArguments.MethodName).ToList(),
            Budgets = request.Budgets.Select(b => b.Label).ToList(),
            Quantizers = request.Quantizers,
            Quality = quality,
            Cells = results,
            Plots = plots,
            Notes = notes,
            Seconds = clock.Elapsed.TotalSeconds,
        };
        AtomicFile.Write(Path.Combine(request.OutputDirectory, JsonFile), s => s.Write(Encoding.UTF8.GetBytes(SweepReportWriter.ToJson(report))), cancellationToken);
        AtomicFile.Write(Path.Combine(request.OutputDirectory, MarkdownFile), s => s.Write(Encoding.UTF8.GetBytes(SweepReportWriter.ToMarkdown(report))), cancellationToken);
        return report;
    }

    /// <summary>The path of a cell's artifact under a sweep's output folder.</summary>
    /// <param name="outputDirectory">The sweep's output folder.</param>
    /// <param name="cell">The cell.</param>
    /// <returns>The artifact's path.</returns>
    public static string ArtifactPath(string outputDirectory, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Path.Combine(outputDirectory, CellsFolder, cell.Name + OutputNames.ArtifactSuffix);
    }

    private static SweepCellResult RunCell(SweepRequest request, SweepCell cell, ISweepObserver observer, ref string? frequencies, CancellationToken cancellationToken)
    {
        string path = ArtifactPath(request.OutputDirectory, cell);
        var clock = Stopwatch.StartNew();
        CompressionReport report;
        try
        {
            report = CompressionEngine.Run(
                new CompressionRequest
                {
                    Spec = SpecVariant.Derive(request.Spec, cell),
                    ModelPath = request.ModelPath,
                    OutputPath = path,
                    MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
                    IncludeBuiltInPlugins = request.IncludeBuiltInPlugins,
                    AdditionalPluginPaths = request.AdditionalPluginPaths,
                },
                observer,
                cancellationToken);
        }
        catch (GroupReduceException ex) when (ex.Code is ErrorCodes.BudgetTooSmall or ErrorCodes.ImpossibleRank or ErrorCodes.FactorizationFailed or ErrorCodes.QuantizationOverflow)
        {
            // These belong to this cell's method, budget or quantizer; the other GR4xxx (NaNs in the model,
            // tied matrices that differ) and every other error would fail each cell alike, so they stop the sweep.
            RemoveStale(path);
            bool infeasible = ex.Code is ErrorCodes.BudgetTooSmall or ErrorCodes.ImpossibleRank;
            return new SweepCellResult
            {
                Name = cell.Name,
                Method = cell.MethodName,
                Quantizer = cell.Quantizer,
                Budget = cell.BudgetLabel,
                TargetRate = TargetRate(cell),
                Status = infeasible ? SweepCellStatus.Infeasible : SweepCellStatus.Failed,
                ErrorCode = ex.Code,
                Error = ex.Message,
                Seconds = clock.Elapsed.TotalSeconds,
                Matrices = [],
                Notes = [],
            };
        }

        double seconds = clock.Elapsed.TotalSeconds;
        frequencies ??= report.Frequencies;
        double? quality = null;
        double? probeSeconds = null;
        if (request.Probe is { } probe)
        {
            var probeClock = Stopwatch.StartNew();
            quality = probe.Measure(path, cancellationToken);
            probeSeconds = probeClock.Elapsed.TotalSeconds;
        }

        MethodReport result = report.Result;
        return new SweepCellResult
        {
            Name = cell.Name,
            Method = cell.MethodName,
            Quantizer = cell.Quantizer,
            Budget = cell.BudgetLabel,
            TargetRate = TargetRate(cell),
            Status = SweepCellStatus.Done,
            Artifact = Path.GetRelativePath(request.OutputDirectory, path).Replace('\\', '/'),
            FileBytes = report.Artifact?.FileBytes,
            Quantization = report.Quantization,
            ResolvedBudget = cell.Budget is null ? null : report.Budget,
            OriginalBytes = result.OriginalBytes,
            Bytes = result.Bytes,
            Rate = result.Rate,
            WeightedRelativeError = result.WeightedRelativeError,
            RelativeError = result.RelativeError,
            Quality = quality,
            Seconds = seconds,
            ProbeSeconds = probeSeconds,
            Matrices = result.Matrices,
            Notes = report.Notes,
        };
    }

    private static double? TargetRate(SweepCell cell) => cell.Budget is { Kind: BudgetKind.Rate } budget ? budget.Value : null;

    /// <summary>An artifact (and its reports) left by an earlier sweep into the same folder would pass for this cell's.</summary>
    private static void RemoveStale(string artifact)
    {
        (string json, string markdown) = OutputNames.ReportPaths(artifact);
        foreach (string file in new[] { artifact, json, markdown })
        {
            File.Delete(file);
        }
    }

    private static void CheckGrid(SweepRequest request)
    {
        if (request.Methods.Count == 0)
        {
            throw new GroupReduceException(SweepErrorCodes.InvalidGrid, "the sweep has no methods (--methods); give at least one, e.g. --methods groupreduce,svd");
        }

        if (request.Quantizers.Count == 0)
        {
            throw new GroupReduceException(SweepErrorCodes.InvalidGrid, "the sweep has no quantizers (--quantizers); give at least one, e.g. --quantizers none,int8");
        }

        if (request.Budgets.Count == 0 && request.Methods.Any(m => m != CompressionMethod.Quantize))
        {
            throw new GroupReduceException(SweepErrorCodes.InvalidGrid, "the sweep has no budgets (--rates, --bytes); give at least one, e.g. --rates 2,4,6.6,10,20");
        }

        if (request.Budgets.FirstOrDefault(b => b.Kind == BudgetKind.Parameters || (b.Kind == BudgetKind.Rate ? b.Value <= 1 : b.Value < 1 || b.Value != Math.Floor(b.Value))) is { } bad)
        {
            throw new GroupReduceException(SweepErrorCodes.InvalidGrid, $"the sweep's budget {bad.Label} is not valid; rates must be above 1 and byte counts whole and positive");
        }

        if (request.MaxDegreeOfParallelism < 1)
        {
            throw new GroupReduceException(SweepErrorCodes.InvalidGrid, "--threads must be at least 1");
        }
    }

    /// <summary>A misspelt quantizer would otherwise fail only when its first cell runs, after minutes of other cells.</summary>
    private static void CheckQuantizers(SweepRequest request)
    {
        using PluginHost host = PluginHost.Discover(request.Spec.PluginPaths.Select(p => new PluginSearchPath(p.Value, p.Location)).Concat(request.AdditionalPluginPaths.Select(p => new PluginSearchPath(p))), request.IncludeBuiltInPlugins);
        // 'auto' is the host's choice among quantizers (an encoding per group), not a plugin.
        List<string> known = [.. host.Components.Where(c => c.Kind == PluginKind.Quantizer).Select(c => c.Name), AutoQuantizerReader.Name];
        List<string> choices = [SweepArguments.NoQuantizer, .. known];
        if (request.Quantizers.FirstOrDefault(q => q != SweepArguments.NoQuantizer && !known.Contains(q, StringComparer.Ordinal)) is { } quantizer)
        {
            throw new GroupReduceException(
                SweepErrorCodes.InvalidGrid,
                $"--quantizers: no quantizer plugin is named '{quantizer}'{NameSuggester.Hint(quantizer, choices, "quantizers")} (none: float32 factors, no quantization)");
        }
    }

    private static ManifestInput Describe(string modelPath, CancellationToken cancellationToken)
    {
        // Opening the model here also stops a sweep on an unreadable model before any cell runs.
        using ModelFile model = ModelFileReader.Open(modelPath);
        return new ManifestInput(Path.GetFileName(modelPath), model.Format.ToString().ToLowerInvariant(), new FileInfo(modelPath).Length, InputHash.OfFile(modelPath, cancellationToken));
    }
}
