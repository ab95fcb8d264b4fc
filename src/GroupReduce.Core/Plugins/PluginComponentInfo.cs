namespace GroupReduce.Core.Plugins;

/// <summary>One component found in a plugin assembly.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Name">The name the spec uses.</param>
/// <param name="Description">What it does: the constant its getter returns, or <see langword="null"/> when that getter computes it.</param>
/// <param name="Assembly">The assembly that holds it.</param>
/// <param name="TypeName">The factory's full type name.</param>
public sealed record PluginComponentInfo(PluginKind Kind, string Name, string? Description, PluginAssemblyInfo Assembly, string TypeName);
