namespace GroupReduce.Core.Frequencies;

/// <summary>The totals of a count, kept together so a cache entry holds exactly what a count produces.</summary>
/// <param name="Tokens">Tokens counted.</param>
/// <param name="Bytes">Bytes of text.</param>
/// <param name="Characters">UTF-16 characters of text.</param>
/// <param name="Lines">Lines.</param>
internal readonly record struct CorpusTotals(long Tokens, long Bytes, long Characters, long Lines);
