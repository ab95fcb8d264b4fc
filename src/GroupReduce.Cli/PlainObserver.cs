using System.Diagnostics;
using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Cli;

/// <summary>
/// Progress and info as plain lines on stderr, for logs, pipes and redirected output: each stage's first report, then at
/// most one line per stage a second, and the end of a stage whose last line was not its end; never the same figures twice. Results never come here: stdout is the command's own.
/// </summary>
/// <param name="log">stderr.</param>
/// <param name="quiet">True to show warnings only.</param>
/// <param name="clock">The time since the run started; null for a stopwatch started now (tests pass their own).</param>
internal sealed class PlainObserver(TextWriter log, bool quiet, Func<TimeSpan>? clock = null) : IRunObserver
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Line> _lastLine = [];
    private readonly Func<TimeSpan> _clock = clock ?? StartedStopwatch();
    private readonly object _gate = new();
    private readonly bool _color = ConsoleStyle.ColorFor(log);

    public void Info(string message)
    {
        if (!quiet)
        {
            lock (_gate)
            {
                log.WriteLine(ConsoleStyle.Dim($"[{Elapsed()}] {message}", _color));
            }
        }
    }

    public void Warning(string code, string message, SourceLocation? location)
    {
        lock (_gate)
        {
            log.WriteLine(ConsoleStyle.Warning(Diagnostics.Warning(code, message, location), _color));
        }
    }

    public void Progress(string stage, long done, long total)
    {
        if (quiet || total <= 0)
        {
            return;
        }

        lock (_gate)
        {
            TimeSpan now = _clock();
            done = Math.Min(done, total);
            bool seen = _lastLine.TryGetValue(stage, out Line last);
            if (seen && last.Done == done && last.Total == total)
            {
                return; // the same figures again (a stage's end is often reported twice)
            }

            // A stage's end closes the line it left open; anything else, including a stage that starts and ends at once
            // (refinement scores a few rows hundreds of times under one name), at most once a second per name.
            bool closesOpenLine = done == total && seen && last.Done < last.Total;
            if (!closesOpenLine && seen && now - last.At < Interval)
            {
                return;
            }

            _lastLine[stage] = new Line(now, done, total);
            log.WriteLine(ConsoleStyle.Dim(string.Create(CultureInfo.InvariantCulture, $"[{Elapsed()}] {stage}: {done:N0} / {total:N0} ({100.0 * done / total:0}%)"), _color));
        }
    }

    private readonly record struct Line(TimeSpan At, long Done, long Total);

    private string Elapsed() => string.Create(CultureInfo.InvariantCulture, $"{_clock().TotalSeconds,6:0.0}s");

    private static Func<TimeSpan> StartedStopwatch()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    }
}
