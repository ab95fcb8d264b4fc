namespace GroupReduce.Cli.Tests;

/// <summary>
/// The redirected progress log stays readable: refinement scores a few rows hundreds of times under one stage name, and a
/// stage's end is often reported twice; neither may turn into hundreds of lines. The clock is the test's, so nothing here
/// depends on how fast the machine is.
/// </summary>
public sealed class PlainObserverTests
{
    private TimeSpan _now;

    [Fact]
    public void The_same_figures_are_written_once()
    {
        var log = new StringWriter();
        var observer = new PlainObserver(log, quiet: false, () => _now);

        observer.Progress("score m", 512, 10_706);
        _now += TimeSpan.FromSeconds(2);
        observer.Progress("score m", 10_706, 10_706);
        observer.Progress("score m", 10_706, 10_706);

        Assert.Equal(["score m: 512 / 10,706 (5%)", "score m: 10,706 / 10,706 (100%)"], Lines(log));
    }

    [Fact]
    public void Stages_that_start_and_end_at_once_under_one_name_write_at_most_a_line_a_second()
    {
        var log = new StringWriter();
        var observer = new PlainObserver(log, quiet: false, () => _now);

        for (int call = 0; call < 300; call++)
        {
            _now += TimeSpan.FromMilliseconds(10); // 3 s of 300 tiny partial scorings
            int rows = 2 + (call % 40);
            observer.Progress("score m", rows, rows);
        }

        string[] lines = Lines(log);
        Assert.InRange(lines.Length, 3, 4);
        Assert.All(lines, l => Assert.StartsWith("score m: ", l, StringComparison.Ordinal));
    }

    [Fact]
    public void A_stage_left_open_gets_its_end_even_within_the_second()
    {
        var log = new StringWriter();
        var observer = new PlainObserver(log, quiet: false, () => _now);

        observer.Progress("fit m", 1, 20);
        _now += TimeSpan.FromMilliseconds(100);
        observer.Progress("fit m", 10, 20);     // within the second: held back
        _now += TimeSpan.FromMilliseconds(100);
        observer.Progress("fit m", 20, 20);     // the end: written
        observer.Progress("other", 3, 5);       // another stage: its own first line

        Assert.Equal(["fit m: 1 / 20 (5%)", "fit m: 20 / 20 (100%)", "other: 3 / 5 (60%)"], Lines(log));
    }

    [Fact]
    public void Quiet_writes_no_progress_and_no_info()
    {
        var log = new StringWriter();
        var observer = new PlainObserver(log, quiet: true, () => _now);

        observer.Progress("fit m", 1, 20);
        observer.Info("hello");

        Assert.Empty(log.ToString());
    }

    /// <summary>The lines without their elapsed-time prefix (<c>[   1.3s] </c>).</summary>
    private static string[] Lines(StringWriter log) =>
        log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')[(l.IndexOf(']', StringComparison.Ordinal) + 2)..]).ToArray();
}
