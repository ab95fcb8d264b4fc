namespace GroupReduce.Core.Spec.Yaml;

/// <summary>One <c>key: value</c> pair of a <see cref="SpecMapping"/>.</summary>
/// <param name="Key">The key (always a scalar; the parser rejects other keys).</param>
/// <param name="Value">The value.</param>
internal sealed record SpecEntry(SpecScalar Key, SpecNode Value)
{
    /// <summary>The key's text.</summary>
    public string Name => Key.Value;
}
