namespace GroupReduce.Abstractions.Options;

/// <summary>One <c>key: value</c> pair of an <see cref="OptionMapping"/>.</summary>
/// <param name="Key">The key text.</param>
/// <param name="KeyLocation">Where the key is written.</param>
/// <param name="Value">The value node.</param>
public sealed record OptionEntry(string Key, SourceLocation KeyLocation, OptionNode Value);
