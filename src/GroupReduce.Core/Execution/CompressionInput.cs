using GroupReduce.Abstractions;

namespace GroupReduce.Core.Execution;

/// <summary>A data file a compression run reads.</summary>
/// <param name="Role">What it is to the run, for messages: "model", "spec", "frequency file", ….</param>
/// <param name="Path">Its full path.</param>
/// <param name="NamedAt">Where it was named (the spec's line, or the spec file for the command line's model).</param>
public sealed record CompressionInput(string Role, string Path, SourceLocation NamedAt);
