namespace GroupReduce.Cli.Tests;

/// <summary>
/// Ctrl+C (SIGINT) tells the truth: before the commit it cancels and the output is as it was (exit 130, GR1208); once the
/// commit has begun it is ignored, and the run finishes and says what it wrote (exit 0).
/// </summary>
public sealed class InterruptTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public void Ctrl_c_during_the_compression_cancels_and_leaves_the_previous_artifact_and_reports()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        using CliProcess run = CliProcess.Start(cli.Folder, null, KillTests.Arguments(cli, output));
        Assert.True(run.WaitForError("s] ", Limit), run.ToString());

        run.Interrupt();
        int code = run.WaitForExit(Limit);

        Assert.True(code == 130, run.ToString());
        Assert.Contains("error GR1208: cancelled before anything was written", run.Error, StringComparison.Ordinal);
        Assert.Equal("previous", output.AssertConsistent(run.ToString()));
        Assert.Empty(output.Leftovers());
    }

    [Fact]
    public void Ctrl_c_with_everything_staged_still_cancels_and_removes_what_it_staged()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        using CliProcess run = CliProcess.Start(cli.Folder, "before-commit:20000", KillTests.Arguments(cli, output));
        Assert.True(run.WaitForError("test hook: paused at before-commit", Limit), run.ToString());

        run.Interrupt();
        int code = run.WaitForExit(Limit);

        Assert.True(code == 130, run.ToString());
        Assert.Contains("error GR1208", run.Error, StringComparison.Ordinal);
        Assert.Equal("previous", output.AssertConsistent(run.ToString()));
        Assert.Equal(File.ReadAllText(output.Json), File.ReadAllText(output.Markdown));
        Assert.Empty(output.Leftovers());
    }

    [Fact]
    public void Ctrl_c_once_the_commit_has_begun_is_ignored_and_the_run_reports_what_it_wrote()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        using CliProcess run = CliProcess.Start(cli.Folder, "in-commit:1500", KillTests.Arguments(cli, output));
        Assert.True(run.WaitForError("test hook: paused at in-commit", Limit), run.ToString());

        run.Interrupt();
        int code = run.WaitForExit(Limit);

        Assert.True(code == 0, run.ToString());
        Assert.DoesNotContain("GR1208", run.Error, StringComparison.Ordinal);
        Assert.Contains($"wrote {output.Artifact}", run.Output, StringComparison.Ordinal);
        Assert.Equal("new", output.AssertConsistent(run.ToString()));
        Assert.Empty(output.Leftovers());
    }
}
