namespace GroupReduce.Core.Tuning;

/// <summary>
/// A YAML node with the stretch of text it covers, so that a value can be replaced or a key inserted in the
/// spec's own text, keeping its comments, order and quoting everywhere else.
/// </summary>
internal sealed class YamlSpanNode
{
    public required YamlSpanKind Kind { get; init; }

    /// <summary>Whether a mapping or list is written in flow style (<c>{ a: 1 }</c>, <c>[a, b]</c>).</summary>
    public bool Flow { get; init; }

    /// <summary>The index of the node's first character in the text.</summary>
    public required int Start { get; set; }

    /// <summary>The index after the node's last character (for a block collection: after its last value).</summary>
    public required int End { get; set; }

    /// <summary>The 1-based line and column of <see cref="Start"/>, as the spec loader reports them.</summary>
    public required int Line { get; init; }

    /// <inheritdoc cref="Line"/>
    public required int Column { get; init; }

    /// <summary>A scalar's value, quotes removed.</summary>
    public string Value { get; init; } = string.Empty;

    /// <summary>Whether the scalar is YAML's null (an empty value, <c>~</c>, <c>null</c>).</summary>
    public bool IsNull { get; init; }

    /// <summary>A mapping's entries in the order written.</summary>
    public List<(YamlSpanNode Key, YamlSpanNode Value)> Entries { get; } = [];

    /// <summary>A list's items.</summary>
    public List<YamlSpanNode> Items { get; } = [];

    /// <summary>The entry with this key, or null.</summary>
    public (YamlSpanNode Key, YamlSpanNode Value)? Find(string key)
    {
        foreach ((YamlSpanNode Key, YamlSpanNode Value) entry in Entries)
        {
            if (entry.Key.Kind == YamlSpanKind.Scalar && string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>How the node reads in a message.</summary>
    public string Describe() => Kind switch
    {
        YamlSpanKind.Scalar => IsNull ? "empty" : $"the single value '{Value}'",
        YamlSpanKind.Mapping => "a mapping",
        YamlSpanKind.Sequence => $"a list of {Items.Count} item(s)",
        _ => "an alias",
    };
}
