using GroupReduce.Abstractions;

namespace GroupReduce.Core.Execution;

/// <summary>Forwards everything to another observer and keeps the warnings for the report.</summary>
internal sealed class RecordingObserver(IRunObserver inner) : IRunObserver
{
    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warnings)
            {
                return _warnings.ToList();
            }
        }
    }

    public void Info(string message) => inner.Info(message);

    public void Warning(string code, string message, SourceLocation? location)
    {
        lock (_warnings)
        {
            _warnings.Add($"warning {code}: {message}");
        }

        inner.Warning(code, message, location);
    }

    public void Progress(string stage, long done, long total) => inner.Progress(stage, done, total);
}
