using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Reporting;

/// <summary>Everything a run found out, for machines (JSON) and people (console, Markdown).</summary>
public sealed record CompressionReport
{
    /// <summary>The tool that made the report.</summary>
    public required ManifestTool Tool { get; init; }

    /// <summary>The spec file.</summary>
    public required string Spec { get; init; }

    /// <summary>The model file.</summary>
    public required ManifestInput Model { get; init; }

    /// <summary>Whether this was a dry run (a plan: no factors, no errors, no output).</summary>
    public required bool DryRun { get; init; }

    /// <summary>The budget, resolved.</summary>
    public required string Budget { get; init; }

    /// <summary>The quantizer's description of its encoding.</summary>
    public required string Quantization { get; init; }

    /// <summary>The plugins used.</summary>
    public required IReadOnlyList<ManifestPlugin> Plugins { get; init; }

    /// <summary>How frequencies were obtained.</summary>
    public required string Frequencies { get; init; }

    /// <summary>The method that produced the artifact.</summary>
    public required MethodReport Result { get; init; }

    /// <summary>The groupings of the main method.</summary>
    public required IReadOnlyList<PartitionReport> Partitions { get; init; }

    /// <summary>The baselines run at the same budget.</summary>
    public required IReadOnlyList<MethodReport> Baselines { get; init; }

    /// <summary>The artifact written (null for a dry run).</summary>
    public ArtifactReport? Artifact { get; init; }

    /// <summary>Wall time of each stage.</summary>
    public required IReadOnlyList<StageTiming> Timings { get; init; }

    /// <summary>The solver's kernel counters.</summary>
    public required IReadOnlyList<KernelReport> Kernels { get; init; }

    /// <summary>Warnings and notes raised during the run.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>For a quality target: the search that chose the budget (null otherwise).</summary>
    public QualitySearchReport? Search { get; init; }

    /// <summary>
    /// Every file the run read, with its content hash: the model, the spec, frequency and vocabulary files, a quality
    /// target's data, the assemblies of the engine and its plugins. <c>compress --depfile</c> and the cache use this list
    /// and nothing else.
    /// </summary>
    public IReadOnlyList<RunInput> Inputs { get; init; } = [];

    /// <summary>The cache entry the artifact was restored from (null when this run compressed).</summary>
    public string? RestoredFrom { get; init; }
}
