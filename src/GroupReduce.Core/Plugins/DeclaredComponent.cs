namespace GroupReduce.Core.Plugins;

/// <summary>A factory class found in a plugin's metadata, with what its getters return when they return constants.</summary>
/// <param name="Kind">The factory interface it implements.</param>
/// <param name="TypeName">Its full name as reflection writes it (<c>Namespace.Outer+Inner</c>).</param>
/// <param name="Name">The constant its <c>Name</c> returns, or <see langword="null"/> when that is not a constant.</param>
/// <param name="Description">The constant its <c>Description</c> returns, or <see langword="null"/>.</param>
internal sealed record DeclaredComponent(PluginKind Kind, string TypeName, string? Name, string? Description);
