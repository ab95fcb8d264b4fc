using System.Text.Json;

namespace GroupReduce.Cli.Tests;

/// <summary>
/// <c>compress --cache</c>: the engine's content-addressed cache, the one the build uses (<c>GroupReduceCacheDirectory</c>),
/// from the command line, so CI can share it.
/// </summary>
public sealed class CacheOptionTests
{
    [Fact]
    public void A_second_run_with_the_same_cache_restores_the_artifact_without_compressing()
    {
        using var cli = new CliRun();
        Assert.True(cli.Run(Compress(cli, "first.gr.safetensors")) == 0, cli.Error);
        using JsonDocument first = JsonDocument.Parse(cli.Output);

        int code = cli.Run(Compress(cli, "second.gr.safetensors"));

        Assert.True(code == 0, cli.Error);
        using JsonDocument second = JsonDocument.Parse(cli.Output);
        Assert.Equal(File.ReadAllBytes(cli["first.gr.safetensors"]), File.ReadAllBytes(cli["second.gr.safetensors"]));
        Assert.StartsWith(cli["cache"], second.RootElement.GetProperty("restored_from").GetString(), StringComparison.Ordinal);
        Assert.False(first.RootElement.TryGetProperty("restored_from", out _));

        // The stage timings are the stored run's: nothing was compressed (or timed) again.
        Assert.Equal(first.RootElement.GetProperty("timings").GetRawText(), second.RootElement.GetProperty("timings").GetRawText());
        Assert.Equal(cli["second.gr.safetensors"], second.RootElement.GetProperty("artifact").GetProperty("path").GetString());
        Assert.True(File.Exists(cli["second.gr.report.json"]));
        Assert.True(File.Exists(cli["second.gr.report.md"]));

        // Without --json the summary says so, even when quiet (the build shows this line).
        Assert.Equal(0, cli.Run("compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli["third.gr.safetensors"], "--cache", cli["cache"], "--quiet"));
        Assert.Contains("third.gr.safetensors restored from the cache (", cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_entry_is_a_GR5006_warning_and_the_run_compresses_and_rewrites_it()
    {
        using var cli = new CliRun();
        Assert.True(cli.Run(Compress(cli, "first.gr.safetensors")) == 0, cli.Error);
        string entry = Assert.Single(Directory.GetDirectories(cli["cache"]));
        File.WriteAllBytes(Path.Combine(entry, "artifact"), [0, 1, 2, 3]);

        int code = cli.Run(Compress(cli, "second.gr.safetensors"));

        Assert.True(code == 0, cli.Error);
        Assert.Contains("warning GR5006:", cli.Error, StringComparison.Ordinal);
        using (JsonDocument recompressed = JsonDocument.Parse(cli.Output))
        {
            Assert.False(recompressed.RootElement.TryGetProperty("restored_from", out _));
        }

        Assert.Equal(File.ReadAllBytes(cli["first.gr.safetensors"]), File.ReadAllBytes(cli["second.gr.safetensors"]));
        Assert.Equal(File.ReadAllBytes(cli["first.gr.safetensors"]), File.ReadAllBytes(Path.Combine(entry, "artifact")));

        Assert.Equal(0, cli.Run(Compress(cli, "third.gr.safetensors")));
        Assert.Equal(string.Empty, cli.Error);
        using JsonDocument hit = JsonDocument.Parse(cli.Output);
        Assert.Equal(entry, hit.RootElement.GetProperty("restored_from").GetString());
    }

    [Fact]
    public void A_changed_frequency_file_is_a_miss()
    {
        using var cli = new CliRun();
        Assert.True(cli.Run(Compress(cli, "first.gr.safetensors")) == 0, cli.Error);
        File.AppendAllText(cli["counts.tsv"], "\n");

        Assert.Equal(0, cli.Run(Compress(cli, "second.gr.safetensors")));

        using JsonDocument second = JsonDocument.Parse(cli.Output);
        Assert.False(second.RootElement.TryGetProperty("restored_from", out _));
        Assert.Equal(2, Directory.GetDirectories(cli["cache"]).Length);
    }

    private static string[] Compress(CliRun cli, string output) =>
        ["compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli[output], "--cache", cli["cache"], "--json"];
}
