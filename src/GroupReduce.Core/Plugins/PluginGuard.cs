using GroupReduce.Abstractions;
using GroupReduce.Core.Plugins;

namespace GroupReduce.Core.Plugins;

/// <summary>
/// Runs a call into a plugin so that whatever it throws becomes one clear error naming the plugin and
/// the stage. The plugin's own coded errors and cancellation pass through unchanged.
/// </summary>
internal static class PluginGuard
{
    public static T Run<T>(PluginComponentInfo plugin, string stage, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception ex) when (ex is not GroupReduceException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw Failure(plugin, stage, ex);
        }
    }

    public static void Run(PluginComponentInfo plugin, string stage, Action call)
    {
        try
        {
            call();
        }
        catch (Exception ex) when (ex is not GroupReduceException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw Failure(plugin, stage, ex);
        }
    }

    public static GroupReduceException BadResult(PluginComponentInfo plugin, string stage, string problem) => new(
        ErrorCodes.PluginBadResult,
        $"{Describe(plugin)} returned a wrong result during {stage}: {problem}; this is a bug in the plugin — report it to its author or choose another {plugin.Kind.ToString().ToLowerInvariant()}",
        null);

    private static GroupReduceException Failure(PluginComponentInfo plugin, string stage, Exception ex) => new(
        ErrorCodes.PluginFailed,
        $"{Describe(plugin)} failed during {stage}: {ex.GetType().Name}: {ex.Message}",
        null,
        ex);

    private static string Describe(PluginComponentInfo plugin) =>
        $"{plugin.Kind.ToString().ToLowerInvariant()} '{plugin.Name}' ({plugin.Assembly.AssemblyName} {plugin.Assembly.Version})";
}
