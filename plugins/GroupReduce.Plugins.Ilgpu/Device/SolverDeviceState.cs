using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace GroupReduce.Plugins.Ilgpu.Device;

/// <summary>
/// What a solver holds on its device for all its sessions: the context, the accelerator, the compiled kernels and the
/// memory ledger. Disposal gives back in dependency order: (sessions' buffers first, by the solver), accelerator, context.
/// </summary>
internal sealed class SolverDeviceState : IDisposable
{
    // Chunk size when the options leave it open: about this many bytes of rows per chunk on a GPU...
    private const long GpuChunkBytes = 64L << 20;

    // ...and far less on the CPU accelerator, whose barrier-heavy kernels gain nothing from long chunks.
    private const long CpuChunkBytes = 4L << 20;

    private readonly Context _context;
    private readonly IlgpuSolverOptions _options;

    /// <summary>Creates the accelerator on the chosen device and compiles the kernels; on failure everything made so far is disposed.</summary>
    /// <param name="context">The ILGPU context (owned from now on).</param>
    /// <param name="device">The chosen device.</param>
    /// <param name="kind">"cuda", "opencl" or "cpu".</param>
    /// <param name="options">The solver's options.</param>
    public SolverDeviceState(Context context, ILGPU.Runtime.Device device, string kind, IlgpuSolverOptions options)
    {
        _context = context;
        _options = options;
        Kind = kind;
        try
        {
            Accelerator = device.CreateAccelerator(context);
            Kernels = new KernelSet(Accelerator);
        }
        catch
        {
            Accelerator?.Dispose();
            context.Dispose();
            throw;
        }

        Counters = new KernelCounters(
            KernelCounters.Compile, KernelCounters.Gram, KernelCounters.Eigen, KernelCounters.Score, KernelCounters.Project, KernelCounters.Error, KernelCounters.Product);
        Counters.Add(KernelCounters.Compile, 0, Kernels.CompileTime);
        Memory = new DeviceMemory(Accelerator);
        Ops = new DeviceOps(Kernels, Counters);
        PeakGigaflops = DevicePeak.Gigaflops(device);
        bool cpu = kind == "cpu";
        string name = cpu ? $"ILGPU CPU accelerator ({Environment.ProcessorCount} processors)" : Accelerator.Name;
        Description = new SolverDevice(kind, name, cpu ? 0 : Accelerator.MemorySize, Accelerator.NumMultiprocessors * Accelerator.MaxNumThreadsPerMultiprocessor);
    }

    /// <summary>"cuda", "opencl" or "cpu".</summary>
    public string Kind { get; }

    /// <summary>The accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The compiled kernels.</summary>
    public KernelSet Kernels { get; }

    /// <summary>Kernel launches.</summary>
    public DeviceOps Ops { get; }

    /// <summary>The buffer ledger.</summary>
    public DeviceMemory Memory { get; }

    /// <summary>Kernel statistics of all sessions.</summary>
    public KernelCounters Counters { get; }

    /// <summary>The device's nominal fp32 peak in GFLOP/s, or 0 when unknown.</summary>
    public double PeakGigaflops { get; }

    /// <summary>The device for the report.</summary>
    public SolverDevice Description { get; }

    /// <summary>Rows per chunk for a matrix <paramref name="columns"/> wide: the option, else a size that suits the device.</summary>
    /// <param name="columns">The matrix's columns.</param>
    /// <returns>At least 1.</returns>
    public int ChunkRows(int columns)
    {
        if (_options.ChunkRows > 0)
        {
            return _options.ChunkRows;
        }

        long bytes = Kind == "cpu" ? CpuChunkBytes : Math.Min(GpuChunkBytes, Math.Max(1L << 20, Accelerator.MemorySize / 64));
        long rows = bytes / (4L * columns);

        // Whole tiles of 64 rows keep the products' edge work small.
        return (int)Math.Clamp(rows / 64 * 64, 64, IlgpuSolverOptions.MaxChunkRows);
    }

    /// <summary>Whether a session on <paramref name="matrix"/> keeps it whole on the device.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <returns>The decision.</returns>
    public bool ShouldBeResident(IRowMatrix matrix) => _options.Residency switch
    {
        ResidencyMode.Always => true,
        ResidencyMode.Never => false,

        // On the CPU accelerator "device memory" is host memory: a resident copy would duplicate the mapped input.
        _ => Kind != "cpu" && matrix.Rows * matrix.Columns * 4.0 <= IlgpuSolverOptions.ResidentShare * Accelerator.MemorySize,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
