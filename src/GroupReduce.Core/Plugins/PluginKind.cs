namespace GroupReduce.Core.Plugins;

/// <summary>The kinds of plugin components.</summary>
public enum PluginKind
{
    /// <summary>Groups rows and allocates ranks.</summary>
    Partitioner,

    /// <summary>Weighted low-rank factors and the heavy products.</summary>
    Solver,

    /// <summary>Encodes the stored factors.</summary>
    Quantizer,
}
