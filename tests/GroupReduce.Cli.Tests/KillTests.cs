namespace GroupReduce.Cli.Tests;

/// <summary>
/// SIGKILL (no handler, no finally) at points through a compress run that replaces an existing artifact: afterwards the
/// previous artifact is intact byte for byte or the new one is complete with its own report, and the next run to the same
/// output leaves no temporary or lock file.
/// </summary>
public sealed class KillTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    // Kill points through the run: a fixed delay after the start (startup), then each marker line plus a delay: the start
    // of solving, refinement, the baselines, and just after the last baseline, where the artifact and reports are written
    // and committed. Where exactly a kill lands varies with the machine's load; the checks hold wherever it falls.
    [Theory]
    [InlineData(null, 300)]
    [InlineData("groupreduce p0:", 0)]
    [InlineData("refine p0: iteration 2", 0)]
    [InlineData("svd p0:", 0)]
    [InlineData("weighted-svd p1:", 0)]
    [InlineData("weighted-svd p1:", 25)]
    [InlineData("weighted-svd p1:", 60)]
    [InlineData("weighted-svd p1:", 120)]
    public void A_kill_at_any_point_leaves_the_previous_artifact_or_the_new_one_with_its_report(string? marker, int milliseconds)
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        string context;
        using (CliProcess run = CliProcess.Start(cli.Folder, null, Arguments(cli, output)))
        {
            if (marker is not null)
            {
                Assert.True(run.WaitForError(marker, Limit), run.ToString());
            }

            Thread.Sleep(milliseconds);
            run.Kill();
            run.WaitForExit(Limit);
            context = run.ToString();
        }

        string[] left = output.Leftovers();
        log.WriteLine($"killed {milliseconds} ms after {marker ?? "the start"}: {output.AssertConsistent(context)}; left before the next run: {(left.Length == 0 ? "nothing" : string.Join(", ", left))}");
        AssertTheNextRunCleansUp(cli, output);
    }

    [Fact]
    public void A_kill_with_everything_staged_leaves_the_previous_artifact_and_reports()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        using (CliProcess run = CliProcess.Start(cli.Folder, "before-commit:20000", Arguments(cli, output)))
        {
            Assert.True(run.WaitForError("test hook: paused at before-commit", Limit), run.ToString());
            Assert.Contains(output.Leftovers(), name => name.EndsWith(".tmp", StringComparison.Ordinal));
            run.Kill();
            run.WaitForExit(Limit);
        }

        Assert.Equal("previous", output.AssertConsistent("killed before the commit"));
        AssertTheNextRunCleansUp(cli, output);
    }

    [Fact]
    public void A_kill_between_the_report_and_artifact_renames_leaves_reports_that_do_not_match_the_previous_artifact()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        using (CliProcess run = CliProcess.Start(cli.Folder, "in-commit:20000", Arguments(cli, output)))
        {
            Assert.True(run.WaitForError("test hook: paused at in-commit", Limit), run.ToString());
            run.Kill();
            run.WaitForExit(Limit);
        }

        Assert.Equal("previous, new report detectably not its own", output.AssertConsistent("killed between the renames"));
        AssertTheNextRunCleansUp(cli, output);
    }

    internal static string[] Arguments(CliRun cli, OutputFolder output) =>
        ["compress", cli["lm.safetensors"], "-s", cli["groupreduce.yaml"], "-o", output.Artifact];

    private static void AssertTheNextRunCleansUp(CliRun cli, OutputFolder output)
    {
        int code = cli.Run(Arguments(cli, output));

        Assert.True(code == 0, cli.Error);
        Assert.Equal("new", output.AssertConsistent(cli.Error));
        Assert.Empty(output.Leftovers());
    }
}
