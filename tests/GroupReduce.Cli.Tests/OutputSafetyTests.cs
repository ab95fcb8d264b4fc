using System.Diagnostics;
using GroupReduce.Core.Artifacts;

namespace GroupReduce.Cli.Tests;

/// <summary>compress never writes over a file it reads, under any name, and never leaves a stale report or a temporary file.</summary>
public sealed class OutputSafetyTests
{
    [Theory]
    [InlineData("groupreduce.yaml", "spec")]
    [InlineData("counts.tsv", "frequency file")]
    [InlineData("vocab.txt", "vocabulary file")]
    [InlineData("lm.safetensors", "model")]
    public void An_output_that_is_an_input_is_refused_and_the_input_is_untouched(string input, string role)
    {
        using var cli = new CliRun();
        byte[] before = File.ReadAllBytes(cli[input]);

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli[input]);

        Assert.Equal(1, code);
        Assert.Contains($"error GR1206: the output '{cli[input]}' is the {role} '{cli[input]}'", cli.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(cli[input]));
        Assert.Empty(new OutputFolder(cli, input).Leftovers());
    }

    [Fact]
    public void An_output_through_a_symlink_to_an_input_is_refused_and_the_link_kept()
    {
        using var cli = new CliRun();
        File.CreateSymbolicLink(cli["link.txt"], cli["vocab.txt"]);

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli["link.txt"]);

        Assert.Equal(1, code);
        Assert.Contains($"is the vocabulary file '{cli["vocab.txt"]}' (links resolved)", cli.Error, StringComparison.Ordinal);
        Assert.NotNull(new FileInfo(cli["link.txt"]).LinkTarget);
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "sample", "vocab.txt")), File.ReadAllBytes(cli["vocab.txt"]));
    }

    [Fact]
    public void An_output_through_a_linked_folder_onto_an_input_is_refused()
    {
        using var cli = new CliRun();
        Directory.CreateSymbolicLink(cli["same"], cli.Folder);

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", Path.Combine(cli["same"], "counts.tsv"));

        Assert.Equal(1, code);
        Assert.Contains("error GR1206", cli.Error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "sample", "counts.tsv")), File.ReadAllBytes(cli["counts.tsv"]));
    }

    [Fact]
    public void An_output_that_is_a_hard_link_to_an_input_is_refused()
    {
        using var cli = new CliRun();
        using (Process link = Process.Start("ln", [cli["counts.tsv"], cli["hard.tsv"]]))
        {
            link.WaitForExit();
            Assert.Equal(0, link.ExitCode);
        }

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli["hard.tsv"]);

        Assert.Equal(1, code);
        Assert.Contains($"error GR1206: the output '{cli["hard.tsv"]}' is the frequency file '{cli["counts.tsv"]}'", cli.Error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "sample", "counts.tsv")), File.ReadAllBytes(cli["hard.tsv"]));
    }

    [Fact]
    public void A_report_that_would_overwrite_an_input_is_refused()
    {
        using var cli = new CliRun();
        File.Copy(cli["groupreduce.yaml"], cli["a.report.md"]);

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["a.report.md"], "-o", cli["a.safetensors"]);

        Assert.Equal(1, code);
        Assert.Contains($"error GR1206: the output's report '{cli["a.report.md"]}' is the spec", cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli["a.safetensors"]));
    }

    [Fact]
    public void A_quality_targets_data_file_is_protected()
    {
        using var cli = new CliRun();
        File.WriteAllText(cli["tokens.txt"], "the cat sat\n");
        File.WriteAllText(cli["target.yaml"], File.ReadAllText(cli["groupreduce.yaml"]).Replace("rate: 6.6x", "target: { perplexity_increase: 2%, tokens: tokens.txt }", StringComparison.Ordinal));

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["target.yaml"], "-o", cli["tokens.txt"]);

        Assert.Equal(1, code);
        Assert.Contains("is the quality target's token file", cli.Error, StringComparison.Ordinal);
        Assert.Equal("the cat sat\n", File.ReadAllText(cli["tokens.txt"]));
    }

    [Fact]
    public void A_run_whose_output_another_run_holds_fails_with_GR1209_and_writes_nothing()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();

        int code;
        using (OutputLock.Acquire(output.Artifact, default))
        {
            code = cli.Run(KillTests.Arguments(cli, output));
        }

        Assert.Equal(1, code);
        Assert.Contains($"error GR1209: another groupreduce run is writing '{output.Artifact}'", cli.Error, StringComparison.Ordinal);
        Assert.Equal("previous", output.AssertConsistent(cli.Error));
        Assert.Empty(output.Leftovers());
    }

    [Fact]
    public void The_report_records_the_hash_of_the_artifact_beside_it()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);

        int code = cli.Run(KillTests.Arguments(cli, output));

        Assert.True(code == 0, cli.Error);
        Assert.StartsWith("xxh128:", output.ReportedHash(), StringComparison.Ordinal);
        Assert.Equal("new", output.AssertConsistent(cli.Error));
        Assert.Contains(output.ArtifactHash(), File.ReadAllText(output.Markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_reports_removes_the_previous_runs_reports()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        File.WriteAllText(cli["noreport.yaml"], File.ReadAllText(cli["groupreduce.yaml"]) + "output:\n  report: false\n");

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["noreport.yaml"], "-o", output.Artifact);

        Assert.True(code == 0, cli.Error);
        Assert.False(output.IsPrevious);
        Assert.False(File.Exists(output.Json));
        Assert.False(File.Exists(output.Markdown));
    }

    [Fact]
    public void A_run_removes_the_temporary_files_a_killed_run_left_and_only_those()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        string[] stale =
        [
            Path.Combine(cli.Folder, $".out.gr.safetensors.{Guid.NewGuid():N}.tmp"),
            Path.Combine(cli.Folder, $".out.gr.report.json.{Guid.NewGuid():N}.tmp"),
            Path.Combine(cli.Folder, $".out.gr.report.md.{Guid.NewGuid():N}.tmp"),
            Path.Combine(cli.Folder, ".out.gr.safetensors.lock"),
        ];
        string[] others =
        [
            Path.Combine(cli.Folder, ".out.gr.safetensors.mine.tmp"),
            Path.Combine(cli.Folder, $".other.safetensors.{Guid.NewGuid():N}.tmp"),
            Path.Combine(cli.Folder, $".out.gr.safetensors.x.{Guid.NewGuid():N}.tmp"),
        ];
        foreach (string file in stale.Concat(others))
        {
            File.WriteAllText(file, "left");
        }

        int code = cli.Run(KillTests.Arguments(cli, output));

        Assert.True(code == 0, cli.Error);
        Assert.All(stale, file => Assert.False(File.Exists(file), file));
        Assert.All(others, file => Assert.True(File.Exists(file), file));
    }

    [Fact]
    public void An_output_folder_that_does_not_exist_is_created()
    {
        using var cli = new CliRun();

        int code = cli.Run("compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", cli["new/deeper/out.gr.safetensors"]);

        Assert.True(code == 0, cli.Error);
        Assert.True(File.Exists(cli["new/deeper/out.gr.safetensors"]));
        Assert.True(File.Exists(cli["new/deeper/out.gr.report.json"]));
    }

    [Theory]
    [InlineData("--threads", "0", "GR1231", "--threads must be at least 1")]
    [InlineData("--threads", "many", "GR1231", "Cannot parse argument 'many'")]
    [InlineData("--bogus", null, "GR1230", "'--bogus'")]
    public void A_command_line_error_is_a_canonical_line_with_a_code(string option, string? value, string code, string message)
    {
        using var cli = new CliRun();
        string[] arguments = ["compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], option];

        int exit = cli.Run(value is null ? arguments : [.. arguments, value]);

        Assert.Equal(1, exit);
        string first = cli.Error.Split('\n')[0];
        Assert.StartsWith($"groupreduce: error {code}: ", first, StringComparison.Ordinal);
        Assert.Contains(message, first, StringComparison.Ordinal);
        Assert.Contains("groupreduce compress --help", cli.Error, StringComparison.Ordinal);
    }
}
