namespace GroupReduce.Cli.Tests;

/// <summary><c>sweep --plugins</c>: the same extra plugin folders as <c>compress --plugins</c>, for every cell.</summary>
public sealed class SweepPluginsOptionTests
{
    private static string ExtraPlugins => Path.Combine(AppContext.BaseDirectory, "extraplugins");

    [Fact]
    public void A_quantizer_from_an_extra_folder_is_known_to_the_sweep_only_with_the_option()
    {
        using var cli = new CliRun();
        string[] grid = ["sweep", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "--rates", "4", "--methods", "groupreduce", "--quantizers", "throwing", "-o", cli["sweep"]];

        Assert.Equal(1, cli.Run(grid));
        Assert.Contains("throwing", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("the test quantizer always fails", cli.Output + cli.Error, StringComparison.Ordinal);

        // Found in the named folder, the quantizer is loaded and run: its own failure is what the cell reports.
        cli.Run([.. grid, "--plugins", ExtraPlugins]);
        Assert.Contains("the test quantizer always fails", cli.Output + cli.Error, StringComparison.Ordinal);
    }
}
