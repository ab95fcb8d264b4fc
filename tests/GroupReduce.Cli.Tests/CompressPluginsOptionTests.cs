namespace GroupReduce.Cli.Tests;

/// <summary><c>compress --plugins</c>: extra plugin folders, searched after the spec's <c>plugins.paths</c>.</summary>
public sealed class CompressPluginsOptionTests
{
    private static string ExtraPlugins => Path.Combine(AppContext.BaseDirectory, "extraplugins");

    [Fact]
    public void A_plugin_outside_the_built_in_folder_is_unknown_without_the_option()
    {
        using var cli = new CliRun();
        WriteSpecWithQuantizer(cli, "throwing");

        int code = cli.Run("compress", cli["lm.safetensors"], "--spec", cli["throwing.yaml"], "-o", cli["out.gr.safetensors"]);

        Assert.Equal(1, code);
        Assert.Contains("throwing", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("the test quantizer always fails", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_option_loads_the_plugins_of_the_folder_it_names()
    {
        using var cli = new CliRun();
        WriteSpecWithQuantizer(cli, "throwing");

        // The throwing quantizer fails only once it is loaded and quantizing, so its message proves it came from the folder.
        int code = cli.Run("compress", cli["lm.safetensors"], "--spec", cli["throwing.yaml"], "-o", cli["out.gr.safetensors"], "--plugins", ExtraPlugins);

        Assert.NotEqual(0, code);
        Assert.Contains("the test quantizer always fails", cli.Output + cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli["out.gr.safetensors"]));
    }

    [Fact]
    public void The_option_is_repeatable_and_adds_to_the_spec_paths()
    {
        using var cli = new CliRun();
        WriteSpecWithQuantizer(cli, "float");

        // The spec's own plugins.paths are still searched (and a missing one still reported) when the option is given.
        File.AppendAllText(cli["throwing.yaml"], "plugins:\n  paths: [./missing-plugins]\n");
        int missing = cli.Run("compress", cli["lm.safetensors"], "--spec", cli["throwing.yaml"], "--plugins", ExtraPlugins, "--plugins", cli.Folder);
        Assert.Equal(1, missing);
        Assert.Contains("missing-plugins", cli.Error, StringComparison.Ordinal);

        // With both folders valid, a built-in quantizer still compresses and the extra folders' plugins are listed as read.
        WriteSpecWithQuantizer(cli, "float");
        int code = cli.Run("compress", cli["lm.safetensors"], "--spec", cli["throwing.yaml"], "-o", cli["out.gr.safetensors"], "--depfile", cli["out.deps"],
            "--plugins", ExtraPlugins, "--plugins", Path.Combine(AppContext.BaseDirectory, "testplugins"));
        Assert.True(code == 0, cli.Error);
        Assert.Contains(File.ReadAllLines(cli["out.deps"]), line => line.EndsWith("GroupReduce.TestPlugins.Faulty.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_an_error_naming_it()
    {
        using var cli = new CliRun();

        int code = cli.Run("compress", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "-o", cli["out.gr.safetensors"], "--plugins", cli["nowhere"]);

        Assert.Equal(1, code);
        Assert.Contains("nowhere", cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli["out.gr.safetensors"]));
    }

    private static void WriteSpecWithQuantizer(CliRun cli, string quantizer)
    {
        string spec = File.ReadAllText(cli["groupreduce.yaml"])
            .Replace("quantizer: float", "quantizer: " + quantizer, StringComparison.Ordinal)
            .Replace("baselines: [svd, weighted-svd, prune]", "baselines: []", StringComparison.Ordinal);
        File.WriteAllText(cli["throwing.yaml"], spec);
    }
}
