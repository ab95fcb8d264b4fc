using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Models;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Pipeline;

/// <summary>
/// The one compression pipeline behind every front door (CLI, MSBuild, tests): read the model and the
/// spec, resolve frequencies, load the plugins, run the method and its baselines, write the artifact
/// atomically and report.
/// </summary>
public static class CompressionEngine
{
    /// <summary>Runs a compression job.</summary>
    /// <param name="request">The job.</param>
    /// <param name="observer">Receives progress, information and warnings.</param>
    /// <param name="cancellationToken">Stops the run; nothing is left half-written.</param>
    /// <returns>The report (also written beside the artifact unless the spec turns it off).</returns>
    public static CompressionReport Run(CompressionRequest request, IRunObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        CheckPaths(request);
        if (request.Spec.Budget.Kind == BudgetKind.Target)
        {
            return QualityTargetSearch.Run(request, observer, cancellationToken);
        }

        var recorder = new RecordingObserver(observer);
        var timings = new List<StageTiming>();
        CompressionSpec spec = request.Spec;

        Task<string> hashing = Task.Run(() => InputHash.OfFile(request.ModelPath, cancellationToken), cancellationToken);
        using ModelFile model = Timed(timings, "read model", () => ModelFileReader.Open(request.ModelPath));
        using PluginHost host = Timed(timings, "load plugins", () => PluginHost.Discover(spec.PluginPaths.Select(p => new PluginSearchPath(p.Value, p.Location)).Concat(request.AdditionalPluginPaths.Select(p => new PluginSearchPath(p))), request.IncludeBuiltInPlugins));
        using PluginSet plugins = PluginSet.Create(host, spec, recorder, request.MaxDegreeOfParallelism);
        IReadOnlyList<ResolvedMatrix> matrices = Timed(timings, "check matrices", () => MatrixResolver.Resolve(model, spec, request.MaxDegreeOfParallelism, recorder, cancellationToken));
        Dictionary<long, FrequencyTable> frequencies = Timed(timings, "frequencies", () => matrices
            .Select(m => m.Rows)
            .Distinct()
            .ToDictionary(rows => rows, rows => FrequencyResolver.Resolve(spec.Frequencies, rows, model.Vocabulary, [.. matrices.Select(m => KeyValuePair.Create(m.Spec.Tensor.Value, m.Rows))])));
        foreach (string note in frequencies.Values.SelectMany(f => f.Notes))
        {
            recorder.Info(note);
        }

        BudgetPlan budget = BudgetPlan.Create(spec.Budget, matrices, plugins.Quantizer);
        var context = new MethodContext
        {
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
        string quantization = plugins.Quantizer.Describe();
        ArtifactReport? artifact = null;
        if (!request.DryRun)
        {
            var header = new ArtifactManifest
            {
                FormatVersion = ArtifactWriter.FormatVersion,
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
            ArtifactManifest written = Timed(timings, "write artifact", () => ArtifactWriter.Write(request.OutputPath, model, result, header, spec.SourceText, cancellationToken));
            if (written.CompressedBytes != result.Bytes)
            {
                throw new InvalidOperationException($"internal error: the artifact holds {written.CompressedBytes} compressed bytes but the result counts {result.Bytes}");
            }

            artifact = new ArtifactReport(request.OutputPath, new FileInfo(request.OutputPath).Length, written.CompressedBytes);
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

        if (!request.DryRun && spec.Output.Report.Value)
        {
            WriteReports(request.OutputPath, report, cancellationToken);
        }

        return report;
    }

    /// <summary>Where the JSON and Markdown reports of an artifact go: beside it, <c>name.report.json</c> and <c>name.report.md</c>.</summary>
    /// <param name="artifactPath">The artifact's path.</param>
    /// <returns>The two paths.</returns>
    public static (string Json, string Markdown) ReportPaths(string artifactPath)
    {
        string stem = Path.Combine(Path.GetDirectoryName(artifactPath) ?? ".", Path.GetFileNameWithoutExtension(artifactPath));
        return (stem + ".report.json", stem + ".report.md");
    }

    internal static void WriteReports(string artifactPath, CompressionReport report, CancellationToken cancellationToken)
    {
        (string json, string markdown) = ReportPaths(artifactPath);
        AtomicFile.Write(json, s => s.Write(System.Text.Encoding.UTF8.GetBytes(ReportWriter.ToJson(report))), cancellationToken);
        AtomicFile.Write(markdown, s => s.Write(System.Text.Encoding.UTF8.GetBytes(ReportWriter.ToMarkdown(report))), cancellationToken);
    }

    private static MethodResult RunMethod(MethodContext context, CompressionMethod method, TensorSpool? spool, bool planOnly) => method switch
    {
        CompressionMethod.Prune when planOnly => new MethodResult { Method = method, Matrices = [], Partitions = [], Seconds = 0, IsPlan = true },
        CompressionMethod.Quantize when planOnly => new MethodResult { Method = method, Matrices = [], Partitions = [], Seconds = 0, IsPlan = true },
        CompressionMethod.Prune => new PruneMethod(context).Run(keepEntries: spool is not null),
        CompressionMethod.Quantize => new QuantizeMethod(context).Run(spool),
        _ => new LowRankMethod(context).Run(method, spool, planOnly, context.Spec.Partition.Value == PartitionMode.Independent ? PartitionMode.Independent : PartitionMode.Shared),
    };

    private static void CheckPaths(CompressionRequest request)
    {
        string model = Path.GetFullPath(request.ModelPath);
        string output = Path.GetFullPath(request.OutputPath);
        if (string.Equals(model, output, StringComparison.Ordinal))
        {
            throw new GroupReduceException(PipelineErrorCodes.OutputIsInput, $"the output '{output}' is the input model; choose another output path", request.Spec.Output.Path?.Location ?? SourceLocation.OfFile(request.Spec.SourcePath));
        }
    }

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
