using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tuning;

/// <summary>One search: a model and a spec compressed once per trial at one fixed budget.</summary>
public sealed class TuneRequest
{
    /// <summary>The validated spec; its text is what each trial's values are written into.</summary>
    public required CompressionSpec Spec { get; init; }

    /// <summary>The model file (absolute).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The folder for <c>tune.json</c> and <c>tune.md</c> (absolute; created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Where the best trial's spec is written (absolute).</summary>
    public required string BestSpecPath { get; init; }

    /// <summary>The axes.</summary>
    public required IReadOnlyList<TuneAxis> Axes { get; init; }

    /// <summary>The most trials the search may run.</summary>
    public int MaxTrials { get; init; } = TunePlan.DefaultMaxTrials;

    /// <summary>The budget every trial gets (<c>--rate</c>, <c>--bytes</c>); null for the spec's own, which must then be a rate or bytes.</summary>
    public SweepBudget? Budget { get; init; }

    /// <summary>Measures each trial's perplexity on validation data; null to rank by weighted reconstruction error.</summary>
    public ISweepQualityProbe? Probe { get; init; }

    /// <summary>Threads the plugins may use.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether to look for plugins in the engine's own <c>plugins/</c> folder.</summary>
    public bool IncludeBuiltInPlugins { get; init; } = true;

    /// <summary>Extra plugin folders (absolute), after the spec's <c>plugins.paths</c>.</summary>
    public IReadOnlyList<string> AdditionalPluginPaths { get; init; } = [];
}
