namespace GroupReduce.Abstractions.Options;

/// <summary>A list of option values.</summary>
public sealed class OptionSequence : OptionNode
{
    /// <summary>Creates a list.</summary>
    /// <param name="items">The items in order.</param>
    /// <param name="location">Where it starts.</param>
    public OptionSequence(IReadOnlyList<OptionNode> items, SourceLocation location)
        : base(location) => Items = items ?? throw new ArgumentNullException(nameof(items));

    /// <summary>The items in order.</summary>
    public IReadOnlyList<OptionNode> Items { get; }

    /// <inheritdoc />
    public override string KindName => "a list";
}
