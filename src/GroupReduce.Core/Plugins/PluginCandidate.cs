namespace GroupReduce.Core.Plugins;

/// <summary>A dll the host looked at, and why it was refused if it was.</summary>
/// <param name="Path">The absolute path.</param>
/// <param name="Refusal">Why it is not used (with its error code), or <see langword="null"/> when it loaded.</param>
public sealed record PluginCandidate(string Path, string? Refusal);
