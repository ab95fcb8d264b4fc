using System.Globalization;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu;
using GroupReduce.Testing.Plugins;
using ILGPU.Runtime.CPU;

namespace GroupReduce.Plugins.Ilgpu.Tests.Support;

/// <summary>
/// Creates the solvers under test. The ILGPU solver runs on the accelerator named by GROUPREDUCE_TEST_ACCELERATOR
/// (cpu, the default, so CI needs no GPU; cuda or opencl on a GPU machine).
/// </summary>
internal static class TestSolvers
{
    public static string Accelerator =>
        Environment.GetEnvironmentVariable("GROUPREDUCE_TEST_ACCELERATOR") is { Length: > 0 } value ? value : "cpu";

    public static bool OnCpuAccelerator => Accelerator == "cpu";

    public static IlgpuSolver Ilgpu(RecordingLog? log = null, params (string Key, string Value)[] extra)
    {
        var entries = new List<(string, string)> { ("accelerator", Accelerator), ("threads", "2") };
        entries.AddRange(extra);
        return (IlgpuSolver)new IlgpuSolverFactory().Create(SpecOptions.Of("ilgpu", [.. entries]), new PluginContext(log ?? new RecordingLog(), 2));
    }

    /// <summary>The solver on a CPU accelerator that allows 256 threads per group, so the products use the 64 x 64 tiles GPUs get.</summary>
    public static IlgpuSolver IlgpuWithGpuTiles(params (string Key, string Value)[] extra)
    {
        var entries = new List<(string, string)> { ("accelerator", "cpu"), ("threads", "2") };
        entries.AddRange(extra);
        var context = new PluginContext(new RecordingLog(), 2);
        IlgpuSolverOptions options = IlgpuSolverOptions.Parse(SpecOptions.Of("ilgpu", [.. entries]), context);
        return new IlgpuSolver(options, context, new CPUDevice(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 8, numMultiprocessors: 1));
    }

    public static ISolver Cpu() =>
        new CpuSolverFactory().Create(SpecOptions.Of("cpu", ("threads", "2"), ("tolerance", "1e-9")), SpecOptions.Context(2));

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
