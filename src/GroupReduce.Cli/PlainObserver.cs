using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Cli;

/// <summary>Progress as plain lines, for logs and redirected output: at most one line per stage every two seconds, plus each stage's end.</summary>
internal sealed class PlainObserver(TextWriter output, TextWriter error, bool quiet) : IRunObserver
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, TimeSpan> _lastLine = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();

    public void Info(string message)
    {
        if (!quiet)
        {
            lock (_gate)
            {
                output.WriteLine(message);
            }
        }
    }

    public void Warning(string code, string message, SourceLocation? location)
    {
        lock (_gate)
        {
            error.WriteLine(Diagnostics.Warning(code, message, location));
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
            output.WriteLine($"[{now.TotalSeconds,6:0.0}s] {stage}: {100.0 * done / total:0}%");
        }
    }
}
