using GroupReduce.Abstractions.Plugins;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Plugins;

/// <summary>Forwards a plugin's log lines to the run's observer, prefixed with the plugin's name.</summary>
internal sealed class ObserverPluginLog(IRunObserver observer, string plugin) : IPluginLog
{
    public void Info(string message) => observer.Info($"{plugin}: {message}");

    public void Warning(string code, string message) => observer.Warning(code, $"{plugin}: {message}", null);
}
