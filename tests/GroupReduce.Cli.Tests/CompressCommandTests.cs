namespace GroupReduce.Cli.Tests;

public sealed class CompressCommandTests
{
    [Fact]
    public void The_readme_command_compresses_the_sample_and_writes_the_artifact_and_reports()
    {
        using var cli = new CliRun();

        int code = cli.Run("compress", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "-o", cli["out/lm.gr.safetensors"]);

        Assert.True(code == 0, cli.Error);
        Assert.True(File.Exists(cli["out/lm.gr.safetensors"]));
        Assert.True(File.Exists(cli["out/lm.gr.report.json"]));
        Assert.True(File.Exists(cli["out/lm.gr.report.md"]));
        Assert.Contains("groupreduce: 1000 KiB -> ", cli.Output, StringComparison.Ordinal);
        Assert.Contains("(6.6x)", cli.Output, StringComparison.Ordinal);
        Assert.Contains("refinement of p0", cli.Output, StringComparison.Ordinal);
        Assert.Contains("same budget, other methods", cli.Output, StringComparison.Ordinal);
        // Progress went to stderr, and nothing worse.
        Assert.Matches(@"store \S+: [\d,]+ / [\d,]+ \(100%\)", cli.Error);
        Assert.DoesNotContain("warning", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dry_run_prints_the_plan_and_writes_nothing()
    {
        using var cli = new CliRun();

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli["plan.gr.safetensors"], "--dry-run");

        Assert.Equal(0, code);
        Assert.Contains("plan (groupreduce)", cli.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was written", cli.Output, StringComparison.Ordinal);
        Assert.Contains("lowrank", cli.Output, StringComparison.Ordinal); // each group's storage and rank
        Assert.False(File.Exists(cli["plan.gr.safetensors"]));
    }

    [Fact]
    public void A_spec_error_is_one_canonical_line_with_exit_code_1()
    {
        using var cli = new CliRun();
        File.WriteAllText(cli["bad.yaml"], "version: 1\nmatrices: [encoder.weight]\nfrequencies: {source: uniform}\nbudget: {rate: 4x}\ngrups: 3\n");

        int code = cli.Run("compress", cli["lm.safetensors"], "--spec", cli["bad.yaml"]);

        Assert.Equal(1, code);
        Assert.StartsWith($"{cli["bad.yaml"]}(5,1): error GR1004: unknown key 'grups'", cli.Error, StringComparison.Ordinal);
        Assert.Single(cli.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void A_truncated_model_is_a_model_error_naming_the_file()
    {
        using var cli = new CliRun();
        byte[] bytes = File.ReadAllBytes(cli["lm.safetensors"]);
        File.WriteAllBytes(cli["lm.bin"], bytes[..(bytes.Length / 2)]);

        int code = cli.Run("compress", cli["lm.bin"], "--spec", cli["groupreduce.yaml"]);

        Assert.Equal(1, code);
        Assert.Contains("error GR2", cli.Error, StringComparison.Ordinal);
        Assert.Contains("lm.bin", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli["lm.gr.safetensors"]));
    }

    [Fact]
    public void The_json_report_goes_to_stdout()
    {
        using var cli = new CliRun();

        int code = cli.Run("compress", cli["lm.safetensors"], "--spec", cli["groupreduce.yaml"], "-o", cli["a.gr.safetensors"], "--json");

        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(cli.Output);
        Assert.Equal("groupreduce", json.RootElement.GetProperty("result").GetProperty("method").GetString());
    }

    [Fact]
    public void Help_describes_every_command()
    {
        using var cli = new CliRun();

        Assert.Equal(0, cli.Run("--help"));
        Assert.Contains("compress", cli.Output, StringComparison.Ordinal);
        Assert.Contains("inspect", cli.Output, StringComparison.Ordinal);
        Assert.Contains("plugins", cli.Output, StringComparison.Ordinal);
        Assert.Equal(0, cli.Run("compress", "--help"));
        Assert.Contains("--dry-run", cli.Output, StringComparison.Ordinal);
        Assert.Equal(1, cli.Run("compress", "--no-such-option"));
    }
}
