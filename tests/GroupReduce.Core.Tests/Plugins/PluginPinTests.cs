using System.Security.Cryptography;
using GroupReduce.Abstractions;
using GroupReduce.Core.Plugins;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Plugins;

public sealed class PluginPinTests
{
    private static string CpuDll => Path.Combine(PluginHost.BuiltInDirectory, "GroupReduce.Plugins.Cpu", "GroupReduce.Plugins.Cpu.dll");

    private static string CpuSha256 => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(CpuDll)));

    [Fact]
    public void A_plugin_whose_file_has_the_pinned_hash_runs()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);

        // Upper case as some tools print it: the pin compares hex digits, not text.
        CompressionReport report = Runs.Compress(folder, Runs.BasicSpec + $"solver:\n  name: cpu\n  sha256: {CpuSha256.ToUpperInvariant()}\n");

        Assert.True(File.Exists(folder.File("out.gr.safetensors")));
        Assert.True(double.IsFinite(report.Result.WeightedRelativeError!.Value));
    }

    [Fact]
    public void A_plugin_whose_file_differs_from_the_pin_is_refused_at_the_pin()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string pinned = new('a', 64);

        var error = Assert.Throws<GroupReduceException>(() =>
            Runs.Compress(folder, Runs.BasicSpec + $"solver:\n  name: cpu\n  sha256: {pinned}\n"));

        Assert.Equal(ErrorCodes.PluginHashMismatch, error.Code);
        Assert.Equal("GR3009", error.Code);
        Assert.Equal(new SourceLocation(folder.File("groupreduce.yaml"), 12, 11), error.Location);
        Assert.Equal(
            $"solver plugin 'cpu' is pinned to sha256 {pinned}, but {CpuDll} has sha256 {CpuSha256}; restore the pinned build, or update the pin if you trust this one",
            error.Message);
        Assert.False(File.Exists(folder.File("out.gr.safetensors")));
    }

    [Fact]
    public void Partitioner_and_quantizer_can_be_pinned_too()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec + $"partitioner: {{ name: frequency, sha256: {new string('0', 64)} }}\n";

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, spec));
        Assert.Equal(ErrorCodes.PluginHashMismatch, error.Code);
        Assert.StartsWith("partitioner plugin 'frequency' is pinned to sha256 0000", error.Message, StringComparison.Ordinal);

        string quantizerSpec = Runs.BasicSpec + $"quantizer: {{ name: int8, sha256: {new string('f', 64)} }}\n";
        var quantizerError = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, quantizerSpec));
        Assert.Equal(ErrorCodes.PluginHashMismatch, quantizerError.Code);
        Assert.Contains("GroupReduce.Plugins.Quantizers.dll has sha256", quantizerError.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void A_malformed_pin_is_a_spec_error_at_its_value(string pin)
    {
        using var folder = new TempFolder();
        string path = folder.File("groupreduce.yaml");
        File.WriteAllText(path, Runs.BasicSpec + $"solver:\n  name: cpu\n  sha256: {pin}\n");

        var error = Assert.Throws<GroupReduceException>(() => SpecLoader.Load(path));

        Assert.Equal(SpecErrorCodes.InvalidHash, error.Code);
        Assert.Equal(12, error.Location!.Value.Line);
        Assert.Equal(11, error.Location!.Value.Column);
        Assert.Equal($"'solver.sha256' must be the sha256 of the plugin's dll as 64 hex digits (e.g. from 'sha256sum MyPlugin.dll'), not '{pin}'", error.Message);
    }
}
