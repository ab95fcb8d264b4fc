namespace GroupReduce.Abstractions.Options;

/// <summary>A scalar option value, kept as the text the user wrote.</summary>
public sealed class OptionScalar : OptionNode
{
    /// <summary>Creates a scalar.</summary>
    /// <param name="value">The text of the scalar.</param>
    /// <param name="location">Where it starts.</param>
    public OptionScalar(string value, SourceLocation location)
        : base(location) => Value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The text of the scalar.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string KindName => "a scalar";
}
