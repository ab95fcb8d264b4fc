namespace GroupReduce.Abstractions.Plugins;

/// <summary>
/// What every plugin component (partitioner, solver or quantizer factory) tells the host about itself.
/// The host finds components as public, non-abstract classes with a public parameterless constructor
/// that implement one of the factory interfaces, in assemblies marked with
/// <see cref="GroupReducePluginAttribute"/>.
/// </summary>
public interface IPluginComponent
{
    /// <summary>The name the spec uses to select the component, e.g. <c>cpu</c> or <c>int8</c>. Lower case, no spaces.</summary>
    string Name { get; }

    /// <summary>One line saying what the component does, shown by <c>groupreduce plugins list</c>.</summary>
    string Description { get; }
}
