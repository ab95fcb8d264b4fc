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

    /// <summary>The activations that weight the fit (<c>calibration:</c>), or <see langword="null"/> for the plain row error.</summary>
    public CalibrationSpec? Calibration { get; init; }

    /// <summary>Methods also run at the same budget, for comparison in the report only.</summary>
    public required IReadOnlyList<SpecValue<CompressionMethod>> Baselines { get; init; }

    /// <summary>The partitioner plugin (default frequency).</summary>
    public required PluginReference Partitioner { get; init; }

    /// <summary>The solver plugin (default cpu).</summary>
    public required PluginReference Solver { get; init; }

    /// <summary>The quantizer plugin (default float: float32 factors, no quantization), or <c>auto</c>.</summary>
    public required PluginReference Quantizer { get; init; }

    /// <summary>
    /// For <c>quantizer: auto</c>, the encodings each group's is chosen from (with its rank, by error per byte);
    /// <see langword="null"/> when the spec names one quantizer.
    /// </summary>
    public AutoQuantizerSpec? Auto { get; init; }

    /// <summary>Extra folders searched for plugins, resolved to absolute paths, in the order written.</summary>
    public required IReadOnlyList<SpecValue<string>> PluginPaths { get; init; }

    /// <summary>What to do with NaN or infinite values in the input (default error).</summary>
    public required SpecValue<NonFinitePolicy> NonFinite { get; init; }

    /// <summary>The output settings.</summary>
    public required OutputSpec Output { get; init; }

    /// <summary>
    /// A copy with some settings replaced: the searches and sweeps that run the engine several times on one
    /// spec change its budget, method, quantizer or reports and keep everything else, positions included.
    /// </summary>
    /// <param name="budget">A new budget, or null to keep it.</param>
    /// <param name="method">A new method, or null to keep it.</param>
    /// <param name="quantizer">A new quantizer, or null to keep it.</param>
    /// <param name="baselines">New baselines, or null to keep them.</param>
    /// <param name="writeReports">Whether the engine writes reports beside the artifact, or null to keep the setting.</param>
    /// <param name="note">A line appended to <see cref="SourceText"/> as a YAML comment, so the spec recorded in an
    /// artifact says which settings replaced the written ones; null to keep the text.</param>
    /// <returns>The derived spec. Every property is copied (a test checks by reflection that none is dropped).</returns>
    public CompressionSpec Derive(BudgetSpec? budget = null, SpecValue<CompressionMethod>? method = null, PluginReference? quantizer = null, IReadOnlyList<SpecValue<CompressionMethod>>? baselines = null, bool? writeReports = null, string? note = null) => new()
    {
        SourcePath = SourcePath,
        SourceText = note is null ? SourceText : SourceText.TrimEnd('\n') + "\n# " + note + "\n",
        BaseDirectory = BaseDirectory,
        Version = Version,
        Model = Model,
        Matrices = Matrices,
        Frequencies = Frequencies,
        Budget = budget ?? Budget,
        Groups = Groups,
        Partition = Partition,
        Refinement = Refinement,
        Calibration = Calibration,
        Method = method ?? Method,
        Baselines = baselines ?? Baselines,
        Partitioner = Partitioner,
        Solver = Solver,
        Quantizer = quantizer ?? Quantizer,
        Auto = quantizer is null ? Auto : Reading.AutoQuantizerReader.Read(quantizer),
        PluginPaths = PluginPaths,
        NonFinite = NonFinite,
        Output = writeReports is { } reports
            ? new OutputSpec { Path = Output.Path, Report = Output.Report with { Value = reports }, Location = Output.Location }
            : Output,
    };
}
