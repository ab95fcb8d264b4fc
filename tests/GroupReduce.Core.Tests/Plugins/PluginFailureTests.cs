using GroupReduce.Abstractions;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Plugins;

public sealed class PluginFailureTests
{
    [Theory]
    [InlineData("quantizer: throwing", ErrorCodes.PluginFailed, "quantizer 'throwing'")]
    [InlineData("quantizer: lying", ErrorCodes.PluginBadResult, "quantizer 'lying'")]
    [InlineData("solver: nan", ErrorCodes.PluginNonFinite, "solver 'nan'")]
    [InlineData("partitioner: overspending", ErrorCodes.PluginBadResult, "partitioner 'overspending'")]
    public void A_misbehaving_plugin_fails_the_run_cleanly_naming_itself(string choice, string code, string named)
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec + $"{choice}\nplugins:\n  paths: [{Runs.TestPlugins}]\n";

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, spec));

        Assert.Equal(code, error.Code);
        Assert.Contains(named.Split(' ')[1].Trim('\''), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.gr.safetensors")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_plugin_that_hangs_until_cancelled_is_reached_by_the_token_and_the_run_ends_promptly_writing_nothing()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec + $"solver: hanging\nplugins:\n  paths: [{Runs.TestPlugins}]\n";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // The engine lets cancellation through unchanged; the front ends print it as GR1208 (cancelled).
        Assert.ThrowsAny<OperationCanceledException>(() => Runs.Compress(folder, spec, cancellationToken: cancellation.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.Equal(["counts.tsv", "groupreduce.yaml", "lm.safetensors", "vocab.txt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_throwing_plugin_is_named_with_the_stage_it_failed_in()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec + $"quantizer: throwing\nplugins:\n  paths: [{Runs.TestPlugins}]\n";

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, spec));

        Assert.Equal(ErrorCodes.PluginFailed, error.Code);
        Assert.StartsWith("quantizer 'throwing' (GroupReduce.TestPlugins.Faulty ", error.Message, StringComparison.Ordinal);
        Assert.Contains(") failed during quantiz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_plugin_option_points_at_its_line()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create().Write(folder);
        string spec = Runs.BasicSpec + "quantizer:\n  name: int8\n  options:\n    blok: 16\n";

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, spec));

        Assert.Equal(ErrorCodes.UnknownOption, error.Code);
        Assert.Equal(13, error.Location!.Value.Line);
        Assert.Equal(5, error.Location!.Value.Column);
    }
}
