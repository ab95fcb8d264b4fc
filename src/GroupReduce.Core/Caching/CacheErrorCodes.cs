namespace GroupReduce.Core.Caching;

/// <summary>
/// The warnings of the artifact cache (<c>compress --cache</c>, <c>GroupReduceCacheDirectory</c>). They kept their GR5xxx
/// numbers when the cache moved from the MSBuild task into the engine; docs/errors.md lists them with what to do.
/// </summary>
public static class CacheErrorCodes
{
    /// <summary>A warning: a cache entry's artifact does not match the hash stored beside it (or its report cannot be read); the entry is ignored and rewritten.</summary>
    public const string EntryCorrupt = "GR5006";

    /// <summary>A warning: the cache folder could not be read or written; the run goes on without it.</summary>
    public const string Unavailable = "GR5007";
}
