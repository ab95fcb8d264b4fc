namespace GroupReduce.Core.Artifacts;

/// <summary>A plugin that took part in making an artifact.</summary>
/// <param name="Kind">partitioner, solver or quantizer.</param>
/// <param name="Name">The component name.</param>
/// <param name="Assembly">The plugin assembly's name.</param>
/// <param name="Version">The plugin assembly's version.</param>
/// <param name="Contract">The contract version it was built against.</param>
/// <param name="Device">
/// For solvers in a report: the device it ran on. Never written to an artifact (it would make the bytes depend on the
/// machine); artifacts written before that may still carry it, and readers take it as it is.
/// </param>
public sealed record ManifestPlugin(string Kind, string Name, string Assembly, string Version, string Contract, string? Device);
