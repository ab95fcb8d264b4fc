using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec.Yaml;

/// <summary>
/// A YAML node of the spec with the place it starts. The spec is read into these nodes first, rather
/// than deserialized straight into objects, so that every check can point at the exact line and column.
/// </summary>
internal abstract class SpecNode(SourceLocation location)
{
    /// <summary>Where the node starts (its anchor, when it has one).</summary>
    public SourceLocation Location { get; } = location;

    /// <summary>How the node reads in a message: "a list", "a mapping", "no value", "'abc'".</summary>
    public abstract string Describe();
}
