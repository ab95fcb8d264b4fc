using GroupReduce.Abstractions.Plugins;

namespace GroupReduce.Testing.Plugins;

/// <summary>Keeps what a plugin logged. Used by the solver plugins' test projects.</summary>
public sealed class RecordingLog : IPluginLog
{
    public List<string> Lines { get; } = [];

    public void Info(string message)
    {
        lock (Lines)
        {
            Lines.Add("info: " + message);
        }
    }

    public void Warning(string code, string message)
    {
        lock (Lines)
        {
            Lines.Add($"warning {code}: {message}");
        }
    }
}
