namespace GroupReduce.Core.Tuning;

/// <summary>The shape of a <see cref="YamlSpanNode"/>.</summary>
internal enum YamlSpanKind
{
    /// <summary>A single value.</summary>
    Scalar,

    /// <summary>Keys and values.</summary>
    Mapping,

    /// <summary>A list.</summary>
    Sequence,

    /// <summary>An alias (<c>*name</c>) to a node written elsewhere: not edited through.</summary>
    Alias,
}
