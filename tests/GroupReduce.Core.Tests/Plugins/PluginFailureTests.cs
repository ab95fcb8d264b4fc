using GroupReduce.Abstractions;
using GroupReduce.Core.Tests.Support;

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
