using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Sweep;

/// <summary>One sweep: a model and a spec compressed at every point of a grid of methods, budgets and quantizers.</summary>
public sealed class SweepRequest
{
    /// <summary>The validated spec; each cell changes only its method, budget and quantizer, and drops its baselines.</summary>
    public required CompressionSpec Spec { get; init; }

    /// <summary>The model file (absolute).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The folder for <c>sweep.json</c>, <c>sweep.md</c>, the plots and <c>cells/</c> (absolute; created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The budgets; at least one unless the only method is quantization alone.</summary>
    public required IReadOnlyList<SweepBudget> Budgets { get; init; }

    /// <summary>The methods; at least one.</summary>
    public required IReadOnlyList<CompressionMethod> Methods { get; init; }

    /// <summary>The quantizers: <c>none</c> (float32) or plugin names such as <c>int8</c>; at least one.</summary>
    public required IReadOnlyList<string> Quantizers { get; init; }

    /// <summary>Measures each artifact's model quality (e.g. perplexity); null for reconstruction error only.</summary>
    public ISweepQualityProbe? Probe { get; init; }

    /// <summary>Threads the plugins may use (default: all processors).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether to look for plugins in the engine's own <c>plugins/</c> folder.</summary>
    public bool IncludeBuiltInPlugins { get; init; } = true;

    /// <summary>Extra plugin folders (absolute), searched after the spec's <c>plugins.paths</c>, as <c>compress --plugins</c>.</summary>
    public IReadOnlyList<string> AdditionalPluginPaths { get; init; } = [];

    /// <summary>
    /// Whether to draw the plots (default true). False leaves them out, with a note in the report, so a sweep runs on a
    /// platform without the plots' native libraries (<see cref="Plots.PlotSupport"/>).
    /// </summary>
    public bool WritePlots { get; init; } = true;
}
