using System.Diagnostics;
using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Cli;

/// <summary>
/// Progress and info as plain lines on stderr, for logs, pipes and redirected output: each stage's first report, then at
/// most one line per stage a second, and its end. Results never come here: stdout is the command's own.
/// </summary>
/// <param name="log">stderr.</param>
/// <param name="quiet">True to show warnings only.</param>
internal sealed class PlainObserver(TextWriter log, bool quiet) : IRunObserver
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, TimeSpan> _lastLine = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
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
            TimeSpan now = _clock.Elapsed;
            bool finished = done >= total;
            if (!finished && _lastLine.TryGetValue(stage, out TimeSpan last) && now - last < Interval)
            {
                return;
            }

            _lastLine[stage] = now;
            log.WriteLine(ConsoleStyle.Dim(string.Create(CultureInfo.InvariantCulture, $"[{Elapsed()}] {stage}: {Math.Min(done, total):N0} / {total:N0} ({100.0 * Math.Min(done, total) / total:0}%)"), _color));
        }
    }

    private string Elapsed() => string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds,6:0.0}s");
}
