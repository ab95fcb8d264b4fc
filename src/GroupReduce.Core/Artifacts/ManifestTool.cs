namespace GroupReduce.Core.Artifacts;

/// <summary>The tool that wrote an artifact.</summary>
/// <param name="Name">Always <c>groupreduce</c>.</param>
/// <param name="Version">The engine's version.</param>
public sealed record ManifestTool(string Name, string Version);
