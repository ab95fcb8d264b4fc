namespace GroupReduce.Abstractions.Plugins;

/// <summary>What the host hands a plugin when it creates a component.</summary>
public sealed class PluginContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="log">Where the plugin reports.</param>
    /// <param name="maxDegreeOfParallelism">How many threads the plugin may use.</param>
    public PluginContext(IPluginLog log, int maxDegreeOfParallelism)
    {
        Log = log ?? throw new ArgumentNullException(nameof(log));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    /// <summary>Where the plugin reports.</summary>
    public IPluginLog Log { get; }

    /// <summary>How many threads the plugin may use.</summary>
    public int MaxDegreeOfParallelism { get; }
}
