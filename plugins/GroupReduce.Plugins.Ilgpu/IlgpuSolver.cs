using System.Globalization;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Ilgpu.Device;
using ILGPU.Runtime.CPU;

namespace GroupReduce.Plugins.Ilgpu;

/// <summary>
/// The configured ILGPU solver: one accelerator and one compiled kernel set for all its sessions. Disposing it closes
/// any session still open (their buffers), then the accelerator, then the context.
/// </summary>
internal sealed class IlgpuSolver : ISolver
{
    private readonly IlgpuSolverOptions _options;
    private readonly IPluginLog _log;
    private readonly SolverDeviceState _device;
    private readonly List<IlgpuSolverSession> _sessions = [];
    private bool _disposed;

    /// <summary>Opens the device and compiles the kernels.</summary>
    /// <param name="options">Validated options.</param>
    /// <param name="context">The host context.</param>
    /// <param name="cpuDevice">The CPU accelerator's shape, for tests; the default device otherwise.</param>
    public IlgpuSolver(IlgpuSolverOptions options, PluginContext context, CPUDevice? cpuDevice = null)
    {
        _options = options;
        _log = context.Log;
        (ILGPU.Context ilgpu, ILGPU.Runtime.Device device, string kind) = DeviceSelection.Open(options, context.Log, cpuDevice);
        _device = new SolverDeviceState(ilgpu, device, kind, options);
        string peak = _device.PeakGigaflops > 0 ? string.Create(CultureInfo.InvariantCulture, $", fp32 peak {_device.PeakGigaflops:0} GFLOP/s") : string.Empty;
        _log.Info(string.Create(
            CultureInfo.InvariantCulture,
            $"{kind} device {options.DeviceIndex}: {Device.Name}{(Device.MemoryBytes > 0 ? $", {Device.MemoryBytes / (1 << 20):N0} MiB" : string.Empty)}{peak}; kernels compiled in {_device.Kernels.CompileTime.TotalSeconds:0.000} s ({_device.Kernels.Tile}x{_device.Kernels.Tile} product tiles)"));
    }

    /// <inheritdoc />
    public SolverDevice Device => _device.Description;

    /// <summary>The device's buffer ledger (tests check that sessions give everything back).</summary>
    internal DeviceMemory Memory => _device.Memory;

    /// <summary>The compiled kernels.</summary>
    internal KernelSet Kernels => _device.Kernels;

    /// <summary>Kernel launches on this solver's accelerator (tests run single kernels through it).</summary>
    internal DeviceOps Ops => _device.Ops;

    /// <inheritdoc />
    public ISolverSession Open(IRowMatrix matrix, ReadOnlyMemory<double> weights)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(matrix);
        var session = new IlgpuSolverSession(matrix, weights, _device, _options, Closed);
        lock (_sessions)
        {
            _sessions.Add(session);
        }

        return session;
    }

    /// <inheritdoc />
    public IReadOnlyList<KernelStatistics> GetStatistics() => _device.Counters.Snapshot();

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        IlgpuSolverSession[] open;
        lock (_sessions)
        {
            open = [.. _sessions];
        }

        foreach (IlgpuSolverSession session in open)
        {
            session.Dispose();
        }

        if (_device.Memory.PeakBytes > 0)
        {
            _log.Info(string.Create(CultureInfo.InvariantCulture, $"peak device memory {_device.Memory.PeakBytes / (double)(1 << 20):0.0} MiB"));
        }

        _device.Dispose();
    }

    private void Closed(IlgpuSolverSession session)
    {
        lock (_sessions)
        {
            _sessions.Remove(session);
        }
    }
}
