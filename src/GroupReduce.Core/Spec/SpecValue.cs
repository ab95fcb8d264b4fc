using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>A spec value and where it was written (or, for a default, where its parent is).</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="Location">Where it was written.</param>
/// <param name="IsDefault">Whether the user left it out and the default applies.</param>
public sealed record SpecValue<T>(T Value, SourceLocation Location, bool IsDefault = false);
