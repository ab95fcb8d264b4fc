using GroupReduce.Abstractions.Plugins;

namespace GroupReduce.Bench.Kernels;

/// <summary>Prints what the plugin logs.</summary>
internal sealed class ConsoleLog : IPluginLog
{
    public void Info(string message) => Console.WriteLine("  [info] " + message);

    public void Warning(string code, string message) => Console.WriteLine($"  [warning {code}] " + message);
}
