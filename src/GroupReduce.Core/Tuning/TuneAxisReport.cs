namespace GroupReduce.Core.Tuning;

/// <summary>An axis as the report lists it.</summary>
/// <param name="Path">The spec key path.</param>
/// <param name="Values">The values tried.</param>
public sealed record TuneAxisReport(string Path, IReadOnlyList<string> Values);
