using GroupReduce.Abstractions.Plugins;

namespace GroupReduce.Tests.Shared;

/// <summary>Keeps what a plugin logged. Shared by the solver plugins' test projects (compiled into each with a link).</summary>
internal sealed class RecordingLog : IPluginLog
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
