using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec.Yaml;

/// <summary>A list node.</summary>
internal sealed class SpecSequence(IReadOnlyList<SpecNode> items, SourceLocation location) : SpecNode(location)
{
    /// <summary>The items in order.</summary>
    public IReadOnlyList<SpecNode> Items { get; } = items;

    /// <inheritdoc />
    public override string Describe() => "a list";
}
