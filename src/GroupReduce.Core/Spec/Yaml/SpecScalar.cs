using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec.Yaml;

/// <summary>A scalar node: the text as written, quotes removed.</summary>
internal sealed class SpecScalar(string value, bool isNull, SourceLocation location) : SpecNode(location)
{
    /// <summary>The text.</summary>
    public string Value { get; } = value;

    /// <summary>
    /// Whether the scalar is YAML's null: an unquoted empty value, <c>~</c> or <c>null</c>. A quoted
    /// <c>"null"</c> is text, not null.
    /// </summary>
    public bool IsNull { get; } = isNull;

    /// <inheritdoc />
    public override string Describe() => IsNull ? "no value" : $"'{Value}'";
}
