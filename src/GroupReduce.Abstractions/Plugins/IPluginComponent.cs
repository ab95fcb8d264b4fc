namespace GroupReduce.Abstractions.Plugins;

/// <summary>
/// What every plugin component (partitioner, solver or quantizer factory) tells the host about itself.
/// The host finds components as public, non-abstract classes with a public parameterless constructor
/// that implement one of the factory interfaces, in assemblies marked with
/// <see cref="GroupReducePluginAttribute"/>. It finds them by reading the assembly's metadata, without
/// loading it or running any of its code; a component is created only when a spec names it.
/// </summary>
public interface IPluginComponent
{
    /// <summary>
    /// The name the spec uses to select the component, e.g. <c>cpu</c> or <c>int8</c>. Lower case, no spaces.
    /// The host reads it from the getter's body without running it, so the getter must return a string constant:
    /// <c>public string Name =&gt; "my-solver";</c>. A computed name (or an auto-property set in the constructor)
    /// gets the component refused with <see cref="ErrorCodes.PluginNameNotConstant"/>.
    /// </summary>
    string Name { get; }

    /// <summary>
    /// One line saying what the component does, shown by <c>groupreduce plugins list</c>. Read like <see cref="Name"/>:
    /// return a string constant, or the list shows "(not a constant)".
    /// </summary>
    string Description { get; }
}
