using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Execution;

/// <summary>One compression job: the spec plus what the command line decided.</summary>
public sealed class CompressionRequest
{
    /// <summary>The validated spec.</summary>
    public required CompressionSpec Spec { get; init; }

    /// <summary>The model file (absolute); the command line's argument, else the spec's <c>model</c>.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Where the artifact goes (absolute).</summary>
    public required string OutputPath { get; init; }

    /// <summary>Plan only: groups, ranks, bytes and rate, with no solving and no output.</summary>
    public bool DryRun { get; init; }

    /// <summary>Threads the plugins may use (default: all processors).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether to look for plugins in the engine's own <c>plugins/</c> folder.</summary>
    public bool IncludeBuiltInPlugins { get; init; } = true;

    /// <summary>
    /// Extra plugin search paths (absolute) from the command line or the build (<c>--plugins</c>), searched after the
    /// spec's <c>plugins.paths</c>: a plugin delivered by a NuGet package lives outside the spec's folder tree.
    /// </summary>
    public IReadOnlyList<string> AdditionalPluginPaths { get; init; } = [];

    /// <summary>
    /// The content-addressed artifact cache folder (<c>compress --cache</c>, <c>GroupReduceCacheDirectory</c>), or null for
    /// none: a run whose inputs, spec and engine match an entry restores its artifact instead of compressing.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// This job with the model path a checkpoint folder names (<see cref="Models.ModelFileReader.ResolvePath"/>), so every
    /// step that hashes, describes or re-reads the model sees one file; the job itself when the path is already a file.
    /// </summary>
    /// <returns>The job.</returns>
    internal CompressionRequest WithResolvedModel()
    {
        string model = Models.ModelFileReader.ResolvePath(ModelPath);
        return model == ModelPath ? this : new CompressionRequest
        {
            Spec = Spec,
            ModelPath = model,
            OutputPath = OutputPath,
            DryRun = DryRun,
            MaxDegreeOfParallelism = MaxDegreeOfParallelism,
            IncludeBuiltInPlugins = IncludeBuiltInPlugins,
            AdditionalPluginPaths = AdditionalPluginPaths,
            CacheDirectory = CacheDirectory,
        };
    }
}
