namespace GroupReduce.Cli.Tests;

/// <summary>Two runs to one output: one writes, the other stops at once with GR1209; the result is one artifact with its own report.</summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public void A_second_run_while_the_first_holds_the_output_fails_with_GR1209_and_the_first_completes()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        using CliProcess first = CliProcess.Start(cli.Folder, "before-commit:3000", KillTests.Arguments(cli, output));
        Assert.True(first.WaitForError("test hook: paused at before-commit", Limit), first.ToString());

        int second = cli.Run(KillTests.Arguments(cli, output));
        int firstCode = first.WaitForExit(Limit);

        Assert.Equal(1, second);
        Assert.Contains("error GR1209: another groupreduce run is writing", cli.Error, StringComparison.Ordinal);
        Assert.True(firstCode == 0, first.ToString());
        Assert.Equal("new", output.AssertConsistent(first.ToString()));
        Assert.Empty(output.Leftovers());
    }

    [Fact]
    public void Two_runs_started_together_give_one_success_or_two_in_turn_and_one_consistent_result()
    {
        using var cli = new CliRun();
        var output = new OutputFolder(cli);
        output.WritePrevious();
        using CliProcess a = CliProcess.Start(cli.Folder, null, KillTests.Arguments(cli, output));
        using CliProcess b = CliProcess.Start(cli.Folder, null, KillTests.Arguments(cli, output));

        int[] codes = [a.WaitForExit(Limit), b.WaitForExit(Limit)];
        string context = $"{a}\n{b}";

        Assert.Contains(0, codes);
        foreach ((int code, CliProcess run) in codes.Zip([a, b]))
        {
            Assert.True(code == 0 || (code == 1 && run.Error.Contains("error GR1209", StringComparison.Ordinal)), context);
        }

        Assert.Equal("new", output.AssertConsistent(context));
        Assert.Empty(output.Leftovers());
    }
}
