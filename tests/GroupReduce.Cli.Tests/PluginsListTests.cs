namespace GroupReduce.Cli.Tests;

public sealed class PluginsListTests
{
    [Fact]
    public void Plugins_list_shows_names_read_from_metadata_and_runs_no_plugin_code()
    {
        using var cli = new CliRun();
        const string Tripwire = "GroupReduce.TestPlugins.Tripwire";
        string copy = Path.Combine(cli.Folder, "plugins", Tripwire);
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "testplugins", Tripwire)).Where(f => !f.EndsWith(".ran", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        Assert.Equal(0, cli.Run("plugins", "list", "--path", Path.Combine(cli.Folder, "plugins")));

        foreach (string name in new[] { "tripwire", "quiet", "exploding", "int8", "cpu" })
        {
            Assert.Contains(name, cli.Output, StringComparison.Ordinal);
        }

        Assert.Contains("(not a constant)", cli.Output, StringComparison.Ordinal);
        Assert.Contains("GR3010", cli.Output, StringComparison.Ordinal);
        Assert.Contains("ComputedNameQuantizerFactory", cli.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(copy, "tripwire.ran")));
    }
}
