using GroupReduce.Abstractions.Plugins;

namespace GroupReduce.Plugins.Ilgpu.Tests.Support;

/// <summary>Keeps what a plugin logged.</summary>
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
