using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Bench;

/// <summary>Prints the run's information and warnings with timestamps; at each stage end, also the anonymous memory then.</summary>
internal sealed class ConsoleObserver(TextWriter log, MemorySampler memory) : IRunObserver
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    // A stage may report its end more than once (a final report from the solver and one from the host); print it once.
    private string? _lastDone;

    /// <summary>Every information line, for figures a plugin reports only in words (e.g. a GPU's fp32 peak).</summary>
    public List<string> Messages { get; } = [];

    public void Info(string message)
    {
        Messages.Add(message);
        _lastDone = null;
        log.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.00}s] {message}");
    }

    public void Warning(string code, string message, SourceLocation? location) => log.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.00}s] warning {code}: {message}");

    public void Progress(string stage, long done, long total)
    {
        if (done == total && total > 0 && _lastDone != stage)
        {
            _lastDone = stage;
            memory.Sample();
            log.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.00}s] {stage}: done (anonymous memory {memory.CurrentAnonymousBytes / 1e9:0.00} GB, peak {memory.PeakAnonymousBytes / 1e9:0.00} GB)");
        }
    }
}
