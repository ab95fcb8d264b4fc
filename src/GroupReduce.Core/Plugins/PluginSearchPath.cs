using GroupReduce.Abstractions;

namespace GroupReduce.Core.Plugins;

/// <summary>A place to look for plugins: a plugin dll, a folder of plugin dlls, or a folder of plugin folders.</summary>
/// <param name="Path">An absolute path.</param>
/// <param name="Location">Where the spec names it, for errors; null for the built-in folder.</param>
public sealed record PluginSearchPath(string Path, SourceLocation? Location = null);
