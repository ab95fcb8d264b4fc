namespace GroupReduce.Cli.Tests;

/// <summary><c>compress --depfile</c> writes the files the engine reports it read, a quality target's data included.</summary>
public sealed class DependencyFileTests
{
    [Fact]
    public void The_depfile_lists_the_model_the_spec_the_frequency_files_and_the_engines_assemblies()
    {
        using var cli = new CliRun();

        Assert.True(cli.Run("compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli["lm.gr.safetensors"], "--depfile", cli["lm.deps"], "--quiet") == 0, cli.Error);

        string[] lines = File.ReadAllLines(cli["lm.deps"]);
        Assert.StartsWith("#", lines[0], StringComparison.Ordinal);
        Assert.Equal([cli["lm.safetensors"], cli["groupreduce.yaml"], cli["counts.tsv"], cli["vocab.txt"]], lines[1..5]);
        Assert.Contains(lines, line => line.EndsWith("GroupReduce.Core.dll", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.EndsWith("GroupReduce.Plugins.Cpu.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void The_depfile_lists_a_quality_targets_token_file()
    {
        using var cli = new CliRun();
        foreach (string name in new[] { "lm.safetensors", "counts.tsv", "valid.txt" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "brown-lm", name), cli["brown-" + name]);
        }

        string spec = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "brown-lm", "groupreduce.yaml"))
            .Replace("path: counts.tsv", "path: brown-counts.tsv", StringComparison.Ordinal)
            .Replace("  rate: 6.6x", "  target: { perplexity_increase: 100%, tokens: brown-valid.txt, max_sentences: 20, trials: 2, max_rate: 2x }", StringComparison.Ordinal)
            .Replace("iterations: 3", "iterations: 0", StringComparison.Ordinal);
        File.WriteAllText(cli["brown.yaml"], spec);

        int code = cli.Run("compress", cli["brown-lm.safetensors"], "-s", cli["brown.yaml"], "-o", cli["brown.gr.safetensors"], "--depfile", cli["brown.deps"], "--quiet");

        Assert.True(code == 0, cli.Error);
        Assert.Contains(cli["brown-valid.txt"], File.ReadAllLines(cli["brown.deps"]));
    }
}
