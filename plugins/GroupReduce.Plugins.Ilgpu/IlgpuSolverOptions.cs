using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;

namespace GroupReduce.Plugins.Ilgpu;

/// <summary>The validated options of the <c>ilgpu</c> solver.</summary>
/// <param name="Accelerator">The requested accelerator kind.</param>
/// <param name="DeviceIndex">The device's index among the devices of the chosen kind.</param>
/// <param name="AcceleratorLocation">Where <c>accelerator</c> (or the option block) is written, for device errors.</param>
/// <param name="ChunkRows">Rows per device chunk; 0 chooses from the device's memory.</param>
/// <param name="Residency">Whether matrices are kept whole on the device.</param>
/// <param name="Threads">Host threads for the eigenproblems of a batch of groups.</param>
internal sealed record IlgpuSolverOptions(
    AcceleratorKind Accelerator,
    int DeviceIndex,
    SourceLocation AcceleratorLocation,
    int ChunkRows,
    ResidencyMode Residency,
    int Threads)
{
    /// <summary>The largest share of device memory one resident matrix may take under <see cref="ResidencyMode.Auto"/> (two matrices share one vocabulary).</summary>
    public const double ResidentShare = 0.3;

    /// <summary>The largest chunk the option accepts.</summary>
    public const int MaxChunkRows = 1 << 20;

    /// <summary>Reads and validates the option block; unknown keys are errors.</summary>
    /// <param name="options">The spec's options.</param>
    /// <param name="context">The host context (default thread count).</param>
    /// <returns>The options.</returns>
    public static IlgpuSolverOptions Parse(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        AcceleratorKind accelerator = options.GetString("accelerator", "auto", "auto", "cuda", "opencl", "cpu") switch
        {
            "cuda" => AcceleratorKind.Cuda,
            "opencl" => AcceleratorKind.OpenCL,
            "cpu" => AcceleratorKind.Cpu,
            _ => AcceleratorKind.Auto,
        };
        SourceLocation location = options.GetEntry("accelerator") is { } entry ? entry.Value.Location : options.Location;
        int device = options.GetInt32("device", 0, 0, 1023);
        int chunkRows = options.GetInt32("chunk_rows", 0, 0, MaxChunkRows);
        ResidencyMode residency = options.GetString("resident", "auto", "auto", "always", "never") switch
        {
            "always" => ResidencyMode.Always,
            "never" => ResidencyMode.Never,
            _ => ResidencyMode.Auto,
        };
        int threads = options.GetInt32("threads", Math.Clamp(context.MaxDegreeOfParallelism, 1, 1024), 1, 1024);
        options.EnsureNoUnknownKeys();
        return new IlgpuSolverOptions(accelerator, device, location, chunkRows, residency, threads);
    }
}
