namespace GroupReduce.Core.Caching;

/// <summary>An input a cache entry records beside its key, which a hit requires unchanged.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Hash">Its content hash.</param>
internal sealed record CachedInput(string Path, string Hash);
