using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Ilgpu.Tests.Support;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Ilgpu.Tests;

public sealed class DeviceAndOptionTests
{
    [Fact]
    public void The_chosen_device_is_reported()
    {
        var log = new RecordingLog();
        using IlgpuSolver solver = TestSolvers.Ilgpu(log);
        Assert.Equal(TestSolvers.Accelerator, solver.Device.Kind);
        Assert.False(string.IsNullOrWhiteSpace(solver.Device.Name));
        Assert.True(solver.Device.Parallelism > 0);
        if (!TestSolvers.OnCpuAccelerator)
        {
            Assert.True(solver.Device.MemoryBytes > 0);
        }

        Assert.Contains(log.Lines, line => line.StartsWith("info: " + TestSolvers.Accelerator + " device 0: ", StringComparison.Ordinal) && line.Contains("kernels compiled in", StringComparison.Ordinal));
    }

    [Fact]
    public void Auto_prefers_a_gpu_and_warns_when_it_falls_back_to_the_cpu_accelerator()
    {
        var log = new RecordingLog();
        using ISolver solver = new IlgpuSolverFactory().Create(SpecOptions.Of("ilgpu"), new PluginContext(log, 2));
        if (solver.Device.Kind == "cpu")
        {
            Assert.Contains(log.Lines, line => line.StartsWith($"warning {ErrorCodes.AcceleratorFallback}: ", StringComparison.Ordinal) && line.Contains("solver: cpu", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal("cuda", solver.Device.Kind);
            Assert.DoesNotContain(log.Lines, line => line.StartsWith("warning", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_missing_device_is_an_error_at_the_option_listing_the_devices_found()
    {
        var error = Assert.Throws<GroupReduceException>(() => new IlgpuSolverFactory().Create(
            SpecOptions.Of("ilgpu", ("accelerator", "cpu"), ("device", "7")), SpecOptions.Context()));
        Assert.Equal(ErrorCodes.AcceleratorNotFound, error.Code);
        Assert.Equal(SpecOptions.ValueAt(0, "accelerator"), error.Location);
        Assert.Contains("device 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("devices found: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("cpu 0: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_cuda_request_without_cuda_is_an_error_not_a_fallback()
    {
        var log = new RecordingLog();
        using ISolver auto = new IlgpuSolverFactory().Create(SpecOptions.Of("ilgpu"), new PluginContext(log, 2));
        if (auto.Device.Kind == "cuda")
        {
            using ISolver cuda = new IlgpuSolverFactory().Create(SpecOptions.Of("ilgpu", ("accelerator", "cuda")), SpecOptions.Context());
            Assert.Equal("cuda", cuda.Device.Kind);
            return;
        }

        var error = Assert.Throws<GroupReduceException>(() => new IlgpuSolverFactory().Create(SpecOptions.Of("ilgpu", ("accelerator", "cuda")), SpecOptions.Context()));
        Assert.Equal(ErrorCodes.AcceleratorNotFound, error.Code);
        Assert.Equal(SpecOptions.ValueAt(0, "accelerator"), error.Location);
        Assert.Contains("no CUDA device was found", error.Message, StringComparison.Ordinal);
        Assert.Contains("cpu 0: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("accelerator", "tpu", "one of: auto, cuda, opencl, cpu")]
    [InlineData("device", "-1", "out of range")]
    [InlineData("chunk_rows", "many", "not a whole number")]
    [InlineData("resident", "sometimes", "auto, always, never")]
    [InlineData("threads", "0", "out of range")]
    public void Bad_option_values_point_at_the_value(string key, string value, string expected)
    {
        var error = Assert.Throws<GroupReduceException>(() => new IlgpuSolverFactory().Create(SpecOptions.Of("ilgpu", (key, value)), SpecOptions.Context()));
        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal(SpecOptions.ValueAt(0, key), error.Location);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_an_error_naming_the_known_ones()
    {
        var error = Assert.Throws<GroupReduceException>(() => new IlgpuSolverFactory().Create(
            SpecOptions.Of("ilgpu", ("accelerator", "cpu"), ("tile", "32")), SpecOptions.Context()));
        Assert.Equal(ErrorCodes.UnknownOption, error.Code);
        Assert.Equal(SpecOptions.KeyAt(1), error.Location);
        Assert.Contains("accelerator, chunk_rows, device, resident, threads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_factory_names_itself_ilgpu()
    {
        var factory = new IlgpuSolverFactory();
        Assert.Equal("ilgpu", factory.Name);
        Assert.Contains("ILGPU", factory.Description, StringComparison.Ordinal);
    }
}
