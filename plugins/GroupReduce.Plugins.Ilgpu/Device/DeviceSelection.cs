using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GroupReduce.Plugins.Ilgpu.Device;

/// <summary>
/// Creates the ILGPU context and picks the device the spec asks for: <c>auto</c> prefers CUDA, then OpenCL, then the CPU
/// accelerator (a fallback is warning GR4008); an explicitly requested kind that is absent is error GR4007 at the option,
/// naming every device found.
/// </summary>
internal static class DeviceSelection
{
    /// <summary>Opens a context and chooses its device.</summary>
    /// <param name="options">The solver's options.</param>
    /// <param name="log">Where the fallback warning goes.</param>
    /// <param name="cpuDevice">The CPU accelerator's shape; the default allows 16 threads per group. Tests pass others.</param>
    /// <returns>The context (the caller disposes it) and the chosen device.</returns>
    public static (Context Context, ILGPU.Runtime.Device Device, string Kind) Open(IlgpuSolverOptions options, IPluginLog log, CPUDevice? cpuDevice = null)
    {
        Context context = Context.Create(builder =>
        {
            builder.Cuda().OpenCL();
            if (cpuDevice is null)
            {
                builder.DefaultCPU();
            }
            else
            {
                builder.CPU(cpuDevice);
            }

            // Maps XMath and the other ILGPU.Algorithms intrinsics to each backend's own functions.
            builder.EnableAlgorithms();
        });
        try
        {
            (ILGPU.Runtime.Device device, string kind) = Choose(context, options, log);
            return (context, device, kind);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Every device of a context, one per line fragment, e.g. <c>cuda 0: NVIDIA H200 (143,771 MiB)</c>.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The list, or "none".</returns>
    public static string Describe(Context context)
    {
        var lines = new List<string>();
        AddAll(lines, "cuda", Of(context, AcceleratorType.Cuda));
        AddAll(lines, "opencl", Of(context, AcceleratorType.OpenCL));
        AddAll(lines, "cpu", Of(context, AcceleratorType.CPU));
        return lines.Count == 0 ? "none" : string.Join("; ", lines);
    }

    private static (ILGPU.Runtime.Device Device, string Kind) Choose(Context context, IlgpuSolverOptions options, IPluginLog log)
    {
        IReadOnlyList<ILGPU.Runtime.Device> cuda = Of(context, AcceleratorType.Cuda);
        IReadOnlyList<ILGPU.Runtime.Device> openCl = Of(context, AcceleratorType.OpenCL);
        IReadOnlyList<ILGPU.Runtime.Device> cpu = Of(context, AcceleratorType.CPU);
        switch (options.Accelerator)
        {
            case AcceleratorKind.Cuda:
                return (Pick(context, options, cuda, "cuda", "CUDA"), "cuda");
            case AcceleratorKind.OpenCL:
                return (Pick(context, options, openCl, "opencl", "OpenCL"), "opencl");
            case AcceleratorKind.Cpu:
                return (Pick(context, options, cpu, "cpu", "ILGPU CPU"), "cpu");
        }

        if (cuda.Count > 0)
        {
            return (Pick(context, options, cuda, "cuda", "CUDA"), "cuda");
        }

        if (openCl.Count > 0)
        {
            log.Warning(ErrorCodes.AcceleratorFallback, $"accelerator 'auto' found no CUDA device and uses OpenCL; devices found: {Describe(context)}");
            return (Pick(context, options, openCl, "opencl", "OpenCL"), "opencl");
        }

        log.Warning(
            ErrorCodes.AcceleratorFallback,
            "accelerator 'auto' found no CUDA or OpenCL device and uses ILGPU's CPU accelerator, which is far slower than the 'cpu' solver; on machines without a GPU use 'solver: cpu'");
        return (Pick(context, options, cpu, "cpu", "ILGPU CPU"), "cpu");
    }

    private static ILGPU.Runtime.Device Pick(Context context, IlgpuSolverOptions options, IReadOnlyList<ILGPU.Runtime.Device> devices, string key, string what)
    {
        if (options.DeviceIndex < devices.Count)
        {
            return devices[options.DeviceIndex];
        }

        string found = devices.Count == 0 ? $"no {what} device was found" : $"only {devices.Count} {what} device(s) were found, so device {options.DeviceIndex} does not exist";
        throw new GroupReduceException(
            ErrorCodes.AcceleratorNotFound,
            $"ilgpu solver: accelerator '{key}' device {options.DeviceIndex} was requested, but {found}; devices found: {Describe(context)}. Install the device's driver, choose another 'device', or use 'accelerator: auto'",
            options.AcceleratorLocation);
    }

    private static ILGPU.Runtime.Device[] Of(Context context, AcceleratorType type) =>
        [.. context.Devices.Where(device => device.AcceleratorType == type)];

    private static void AddAll(List<string> lines, string kind, IReadOnlyList<ILGPU.Runtime.Device> devices)
    {
        int index = 0;
        foreach (ILGPU.Runtime.Device device in devices)
        {
            string memory = kind == "cpu" ? string.Empty : $" ({device.MemorySize / (1 << 20):N0} MiB)";
            lines.Add($"{kind} {index}: {device.Name}{memory}");
            index++;
        }
    }
}
