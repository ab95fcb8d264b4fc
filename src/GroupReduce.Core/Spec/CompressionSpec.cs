using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>
/// A validated compression spec (<c>groupreduce.yaml</c>, version 1). Every part keeps where it was
/// written, so errors found later (a tensor that does not exist, a budget that cannot be met) still
/// point at the right line. docs/spec.md documents each key.
/// </summary>
public sealed class CompressionSpec
{
    /// <summary>The spec file's path as given.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The spec file's full text (recorded in the artifact).</summary>
    public required string SourceText { get; init; }

    /// <summary>The folder relative paths in the spec are resolved against: the spec file's folder, absolute.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The format version (1).</summary>
    public required int Version { get; init; }

    /// <summary>The model file (absolute), when the spec names one (the command line may name it instead).</summary>
    public SpecValue<string>? Model { get; init; }

    /// <summary>The matrices to compress; at least one.</summary>
    public required IReadOnlyList<MatrixSpec> Matrices { get; init; }

    /// <summary>Where word frequencies come from.</summary>
    public required FrequencySpec Frequencies { get; init; }

    /// <summary>How small the compressed matrices must be.</summary>
    public required BudgetSpec Budget { get; init; }

    /// <summary>The number of groups (default 10).</summary>
    public required SpecValue<int> Groups { get; init; }

    /// <summary>Whether matrices on one vocabulary share one grouping (default shared).</summary>
    public required SpecValue<PartitionMode> Partition { get; init; }

    /// <summary>Refinement settings.</summary>
    public required RefinementSpec Refinement { get; init; }

    /// <summary>The method that produces the artifact (default groupreduce).</summary>
    public required SpecValue<CompressionMethod> Method { get; init; }

    /// <summary>Methods also run at the same budget, for comparison in the report only.</summary>
    public required IReadOnlyList<SpecValue<CompressionMethod>> Baselines { get; init; }

    /// <summary>The partitioner plugin (default frequency).</summary>
    public required PluginReference Partitioner { get; init; }

    /// <summary>The solver plugin (default cpu).</summary>
    public required PluginReference Solver { get; init; }

    /// <summary>The quantizer plugin (default float: float32 factors, no quantization).</summary>
    public required PluginReference Quantizer { get; init; }

    /// <summary>Extra folders searched for plugins, resolved to absolute paths, in the order written.</summary>
    public required IReadOnlyList<SpecValue<string>> PluginPaths { get; init; }

    /// <summary>What to do with NaN or infinite values in the input (default error).</summary>
    public required SpecValue<NonFinitePolicy> NonFinite { get; init; }

    /// <summary>The output settings.</summary>
    public required OutputSpec Output { get; init; }
}
