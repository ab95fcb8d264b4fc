using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Abstractions.Plugins;

/// <summary>A plugin component that creates partitioners (the initial grouping and the rank allocation).</summary>
public interface IPartitionerFactory : IPluginComponent
{
    /// <summary>Validates the spec's option block and creates a configured partitioner.</summary>
    /// <param name="options">The plugin's options; throw through <see cref="PluginOptions.Invalid"/> to point at a bad value.</param>
    /// <param name="context">Logging and threading.</param>
    /// <returns>The partitioner.</returns>
    IPartitioner Create(PluginOptions options, PluginContext context);
}
