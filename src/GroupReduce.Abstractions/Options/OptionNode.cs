namespace GroupReduce.Abstractions.Options;

/// <summary>
/// A node of a plugin's option block as written in the spec, with its place in the file. The host
/// converts its YAML into these nodes so that plugins never depend on a YAML library.
/// </summary>
public abstract class OptionNode
{
    /// <summary>Creates a node.</summary>
    /// <param name="location">Where the node starts in the spec file.</param>
    protected OptionNode(SourceLocation location) => Location = location;

    /// <summary>Where the node starts in the spec file.</summary>
    public SourceLocation Location { get; }

    /// <summary>A short word for the node's kind, used in messages ("a scalar", "a list", "a mapping").</summary>
    public abstract string KindName { get; }
}
