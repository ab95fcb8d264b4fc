namespace GroupReduce.Core.Caching;

/// <summary>A cache entry whose recorded inputs still match: its folder and the report of the run that stored it.</summary>
/// <param name="Folder">The entry's folder (named by its key).</param>
/// <param name="ReportJson">The stored run's report, as JSON.</param>
/// <param name="Inputs">The inputs the key does not cover, full paths on this machine, each with the hash it still has.</param>
internal sealed record CacheEntry(string Folder, string ReportJson, IReadOnlyList<CachedInput> Inputs);
