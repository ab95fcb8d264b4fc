using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Budget;
using GroupReduce.Core.Calibration;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Methods;
using GroupReduce.Core.Models;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Storage;

namespace GroupReduce.Core.Pipeline;

/// <summary>
/// The one compression pipeline behind every front door (CLI, MSBuild, tests): read the model and the
/// spec, resolve frequencies, load the plugins, run the method and its baselines, then commit the artifact and its
/// reports together (<see cref="ArtifactCommit"/>), one run per output at a time (<see cref="OutputLock"/>).
/// </summary>
public static class CompressionEngine
{
    /// <summary>Runs a compression job.</summary>
    /// <param name="request">The job.</param>
    /// <param name="observer">Receives progress, information and warnings.</param>
    /// <param name="cancellationToken">
    /// Stops the run until its commit begins: then it throws <see cref="OperationCanceledException"/> and the output is as it
    /// was. A cancel that comes once the commit has begun is ignored; the run finishes and returns its report.
    /// </param>
    /// <returns>The report (also written beside the artifact unless the spec turns it off).</returns>
    public static CompressionReport Run(CompressionRequest request, IRunObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        request = request.WithResolvedModel();
        CheckPaths(request);

        // One run at a time per output, for the whole run: two runs racing to one path would both report success while
        // the last rename silently won. Under the lock no live run owns a temporary file of this output, so any there
        // were left by a killed run.
        using OutputLock? gate = request.DryRun ? null : OutputLock.Acquire(Path.GetFullPath(request.OutputPath), OutputLocation(request));
        if (gate is not null)
        {
            foreach (string file in OutputFiles(request.OutputPath))
            {
                AtomicFile.RemoveStale(file);
            }
        }

        var ledger = new InputLedger();
        CachedRun? cache = request.CacheDirectory is { } folder && !request.DryRun ? CachedRun.Prepare(folder, request, ledger, observer, cancellationToken) : null;
        if (cache?.TryRestore(observer, cancellationToken) is { } restored)
        {
            return restored;
        }

        // The one place that tells a size budget from a quality target: the search calls Stage, never this method.
        using StagedRun run = request.Spec.Budget.Kind == BudgetKind.Target
            ? QualityTargetSearch.Search(request, ledger, observer, cancellationToken)
            : Stage(request, ledger, observer, cancellationToken);
        CompressionReport report = run.Report with { Inputs = CompressionInputs.Read(request, ledger, cancellationToken) };
        if (run.Artifact is { } artifact)
        {
            ArtifactCommit.Commit(artifact, report, request.Spec.Output.Report.Value, observer, cancellationToken);
            cache?.Store(report, artifact);
        }

        return report;
    }

    /// <summary>
    /// Compresses and writes the artifact under a temporary name, without committing it: the caller (the run above, or a
    /// quality target's search, which measures each trial before choosing) commits it with its reports or drops it.
    /// </summary>
    internal static StagedRun Stage(CompressionRequest request, InputLedger ledger, IRunObserver observer, CancellationToken cancellationToken)
    {
        var recorder = new RecordingObserver(observer);
        var timings = new List<StageTiming>();
        CompressionSpec spec = request.Spec;

        Task<string> hashing = Task.Run(() => ledger.HashOf(request.ModelPath, cancellationToken), cancellationToken);
        using ModelFile model = Timed(timings, "read model", () => ModelFileReader.Open(request.ModelPath));
        foreach (string data in model.DataFiles)
        {
            // Part of the model: a re-export that changes only its data file must rebuild and miss the cache.
            ledger.Discover("model data file", data);
        }

        using PluginHost host = Timed(timings, "load plugins", () => PluginHost.Discover(spec.PluginPaths.Select(p => new PluginSearchPath(p.Value, p.Location)).Concat(request.AdditionalPluginPaths.Select(p => new PluginSearchPath(p))), request.IncludeBuiltInPlugins));
        using PluginSet plugins = PluginSet.Create(host, spec, recorder, request.MaxDegreeOfParallelism);
        IReadOnlyList<ResolvedMatrix> matrices = Timed(timings, "check matrices", () => MatrixResolver.Resolve(model, spec, request.MaxDegreeOfParallelism, recorder, cancellationToken));
        var frequencyContext = new FrequencyContext(request.ModelPath, cancellationToken)
        {
            CountOptions = new CorpusCountOptions
            {
                MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
                Progress = new CorpusProgressAdapter(recorder),
                // With an artifact cache (compress --cache, GroupReduceCacheDirectory) the corpus counts live in it too,
                // so one folder is all a CI cache step keeps; otherwise the counts cache's own default (docs/cli.md).
                CacheDirectory = request.CacheDirectory is { } cache ? Path.Combine(cache, "counts") : null,
            },
        };
        Dictionary<long, FrequencyTable> frequencies = Timed(timings, "frequencies", () => matrices
            .Select(m => m.Rows)
            .Distinct()
            .ToDictionary(rows => rows, rows => FrequencyResolver.Resolve(spec.Frequencies, rows, model.Vocabulary, [.. matrices.Select(m => KeyValuePair.Create(m.Spec.Tensor.Value, m.Rows))], frequencyContext)));
        foreach ((string code, string message) in frequencyContext.Warnings)
        {
            recorder.Warning(code, message, spec.Frequencies.Location);
        }

        foreach (string tokenizerFile in frequencyContext.FilesRead)
        {
            // A tokenizer found beside the model (or a vocab.json's merges.txt) decides the weights as much as the spec's files.
            ledger.Discover("tokenizer file", tokenizerFile);
        }

        foreach (string note in frequencies.Values.SelectMany(f => f.Notes))
        {
            recorder.Info(note);
        }

        BudgetPlan budget = BudgetPlan.Create(spec.Budget, matrices, plugins.Quantizer);
        ModelActivations? activations = null;
        if (spec.Calibration is { } calibration)
        {
            // The calibration data decides the fit as much as the model does: a changed file must rebuild and miss the cache.
            ledger.Discover(calibration.Tokens is null ? "calibration hidden states" : "calibration tokens", (calibration.Hidden ?? calibration.Tokens)!.Value);
            if (calibration.Tokens is { } tokens)
            {
                activations = Timed(timings, "calibration run", () => LanguageModels.Activations(model, tokens.Value, calibration.MaxSentences?.Value, request.MaxDegreeOfParallelism, cancellationToken));
            }
        }

        IReadOnlyDictionary<string, RowMetric> metrics = Timed(timings, "calibration", () => MetricResolver.Resolve(spec.Calibration, matrices, activations, cancellationToken));
        var context = new MethodContext
        {
            Metrics = metrics,
            Spec = spec,
            Matrices = matrices,
            Frequencies = frequencies,
            Plugins = plugins,
            Budget = budget,
            Observer = recorder,
            Threads = request.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };

        CompressionMethod method = spec.Method.Value;
        var baselines = new List<MethodResult>();
        using TensorSpool? spool = request.DryRun ? null : new TensorSpool(Path.GetDirectoryName(Path.GetFullPath(request.OutputPath)) ?? ".");
        MethodResult result;
        bool compare = method == CompressionMethod.GroupReduce && spec.Partition.Value == PartitionMode.Best && !request.DryRun
            && matrices.GroupBy(m => m.Rows).Any(g => g.Count() > 1);
        if (compare)
        {
            // Both groupings, compared on the error of what each would store; the loser is reported beside the winner.
            MethodResult shared = Timed(timings, "groupreduce (shared)", () => new LowRankMethod(context).Run(method, spool, planOnly: false, PartitionMode.Shared));
            MethodResult independent = Timed(timings, "groupreduce (independent)", () => new LowRankMethod(context).Run(method, spool, planOnly: false, PartitionMode.Independent));
            bool sharedWins = shared.WeightedRelativeError <= independent.WeightedRelativeError;
            result = (sharedWins ? shared : independent).Labelled(sharedWins ? "groupreduce (shared)" : "groupreduce (independent)");
            baselines.Add((sharedWins ? independent : shared).Labelled(sharedWins ? "groupreduce (independent)" : "groupreduce (shared)"));
            recorder.Info($"partition: best chose {(sharedWins ? "shared" : "independent")}: weighted relative error {shared.WeightedRelativeError:P3} shared vs {independent.WeightedRelativeError:P3} independent");
        }
        else
        {
            result = Timed(timings, request.DryRun ? "plan" : LowRankMethod.Name(method), () => RunMethod(context, method, spool, planOnly: request.DryRun));
        }

        if (!request.DryRun)
        {
            foreach (SpecValue<CompressionMethod> baseline in spec.Baselines.Where(b => b.Value != method))
            {
                baselines.Add(Timed(timings, $"baseline {LowRankMethod.Name(baseline.Value)}", () => RunMethod(context, baseline.Value, spool: null, planOnly: false)));
            }
        }

        string hash = hashing.GetAwaiter().GetResult();
        var input = new ManifestInput(Path.GetFileName(request.ModelPath), model.Format.ToString().ToLowerInvariant(), new FileInfo(request.ModelPath).Length, hash);
        List<ManifestPlugin> pluginList = plugins.All.Select(p => new ManifestPlugin(
            p.Kind.ToString().ToLowerInvariant(),
            p.Name,
            p.Assembly.AssemblyName,
            p.Assembly.Version,
            p.Assembly.ContractVersion,
            p.Kind == PluginKind.Solver ? Describe(plugins.Solver.Device) : null)).ToList();
        string quantization = plugins.DescribeQuantization();
        ArtifactReport? artifact = null;
        StagedFile? staged = null;
        if (!request.DryRun)
        {
            var header = new ArtifactManifest
            {
                FormatVersion = GroupReduce.Runtime.Format.ArtifactFormat.Version,
                Tool = new ManifestTool("groupreduce", ToolVersion.Current),
                Plugins = pluginList,
                Input = input,
                Method = LowRankMethod.Name(method),
                Quantization = quantization,
                Budget = budget.Describe(),
                Partitions = [],
                Matrices = [],
                RawTensors = [],
                OriginalBytes = budget.OriginalBytes,
                CompressedBytes = 0,
                CompressionRate = 0,
            };
            (ArtifactManifest written, staged) = Timed(timings, "write artifact", () => ArtifactWriters.For(model.Format, request.OutputPath).Stage(request.OutputPath, model, result, header, spec.SourceText, cancellationToken));
            try
            {
                if (written.CompressedBytes != result.Bytes)
                {
                    throw new InvalidOperationException($"internal error: the artifact holds {written.CompressedBytes} compressed bytes but the result counts {result.Bytes}");
                }

                artifact = new ArtifactReport(Path.GetFullPath(request.OutputPath), staged.Length, written.CompressedBytes, staged.Hash)
                {
                    DataPath = staged.Companion?.TargetPath,
                    DataBytes = staged.Companion?.Length ?? 0,
                    DataHash = staged.Companion?.Hash,
                };
            }
            catch
            {
                staged.Dispose();
                throw;
            }
        }

        var report = new CompressionReport
        {
            Tool = new ManifestTool("groupreduce", ToolVersion.Current),
            Spec = spec.SourcePath,
            Model = input,
            DryRun = request.DryRun,
            Budget = budget.Describe(),
            Quantization = quantization,
            Plugins = pluginList,
            Frequencies = string.Join("; ", frequencies.Values.Select(f => f.Description).Distinct()),
            Result = ReportBuilder.Method(result, budget.OriginalBytes),
            Partitions = ReportBuilder.Partitions(result),
            Baselines = baselines.Select(b => ReportBuilder.Method(b, budget.OriginalBytes)).ToList(),
            Artifact = artifact,
            Timings = timings,
            Kernels = plugins.Solver.GetStatistics().Select(Kernel).ToList(),
            Notes = frequencies.Values.SelectMany(f => f.Notes)
                .Concat(compare ? [$"partition: best kept {result.Label}; {baselines[0].Label} is listed with the baselines"] : []).Concat(result.Partitions.SelectMany(p => p.Notes.Select(n => $"{p.Name}: {n}"))).Concat(recorder.Warnings).ToList(),
        };

        return new StagedRun(report, staged);
    }

    private static MethodResult RunMethod(MethodContext context, CompressionMethod method, TensorSpool? spool, bool planOnly) => method switch
    {
        CompressionMethod.Prune when planOnly => new MethodResult { Method = method, Matrices = [], Partitions = [], Seconds = 0, IsPlan = true },
        CompressionMethod.Quantize when planOnly => new MethodResult { Method = method, Matrices = [], Partitions = [], Seconds = 0, IsPlan = true },
        CompressionMethod.Prune => new PruneMethod(context).Run(keepEntries: spool is not null),
        CompressionMethod.Quantize => new QuantizeMethod(context).Run(spool),
        _ => new LowRankMethod(context).Run(method, spool, planOnly, context.Spec.Partition.Value == PartitionMode.Independent ? PartitionMode.Independent : PartitionMode.Shared),
    };

    /// <summary>
    /// Refuses a run that would overwrite a file it reads: the artifact, its reports and its lock file against the model, the
    /// spec, the frequency and vocabulary files and a quality target's data, links resolved (<see cref="FileIdentity"/>).
    /// </summary>
    private static void CheckPaths(CompressionRequest request)
    {
        IReadOnlyList<CompressionInput> inputs = CompressionInputs.Of(request);
        string[] outputs = request.DryRun ? [Path.GetFullPath(request.OutputPath)] : [.. OutputFiles(request.OutputPath), OutputLock.PathFor(Path.GetFullPath(request.OutputPath))];
        foreach (string output in outputs)
        {
            if (inputs.FirstOrDefault(input => FileIdentity.Same(output, input.Path)) is { } input)
            {
                string what = output == outputs[0] ? "the output" : $"the output's {(output.EndsWith(".lock", StringComparison.Ordinal) ? "lock file" : "report")}";
                throw new GroupReduceException(
                    PipelineErrorCodes.OutputIsInput,
                    $"{what} '{output}' is the {input.Role} '{input.Path}' (links resolved), which the run reads and would overwrite; choose another output path",
                    OutputLocation(request));
            }
        }
    }

    /// <summary>The artifact and the reports beside it: the files a run replaces.</summary>
    private static string[] OutputFiles(string outputPath)
    {
        string output = Path.GetFullPath(outputPath);
        (string json, string markdown) = OutputNames.ReportPaths(output);
        return [output, json, markdown];
    }

    private static SourceLocation OutputLocation(CompressionRequest request) =>
        request.Spec.Output.Path?.Location ?? SourceLocation.OfFile(request.Spec.SourcePath);

    private static string Describe(SolverDevice device) =>
        device.MemoryBytes > 0 ? $"{device.Kind}: {device.Name}, {device.MemoryBytes / (1 << 20):N0} MiB, {device.Parallelism} threads" : $"{device.Kind}: {device.Name}, {device.Parallelism} threads";

    private static KernelReport Kernel(KernelStatistics k) => new(k.Name, k.Calls, k.FloatingPointOperations / 1e9, k.Elapsed.TotalSeconds, k.GigaflopsPerSecond);

    private static T Timed<T>(List<StageTiming> timings, string stage, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        T value = work();
        timings.Add(new StageTiming(stage, clock.Elapsed.TotalSeconds));
        return value;
    }
}
