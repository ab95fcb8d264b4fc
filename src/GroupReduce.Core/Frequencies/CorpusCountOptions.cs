namespace GroupReduce.Core.Frequencies;

/// <summary>How <see cref="CorpusCounter.Count"/> works: threads, cache folder, progress.</summary>
public sealed class CorpusCountOptions
{
    /// <summary>The environment variable naming the counts cache folder when <see cref="CacheDirectory"/> is not set; <c>off</c> disables the cache.</summary>
    public const string CacheVariable = "GROUPREDUCE_COUNTS_CACHE";

    /// <summary>The default size of the pieces a file is read and tokenised in (each ends at a line break).</summary>
    public const int DefaultChunkBytes = 1 << 20;

    /// <summary>Threads tokenising at once (default: every processor).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The counts cache folder. When null, <see cref="CacheVariable"/> if set (<c>off</c> disables), else
    /// <c>GroupReduce/counts</c> under the user's local application data folder.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Neither read nor write the counts cache.</summary>
    public bool NoCache { get; init; }

    /// <summary>Receives progress (from any thread), or null.</summary>
    public IProgress<CorpusProgress>? Progress { get; init; }

    /// <summary>
    /// The size of the pieces a file is read in, at least 4 KiB. A piece ends after a line break, so a line longer than
    /// this makes its piece longer. The counts never depend on it: each line is tokenised on its own.
    /// </summary>
    public int ChunkBytes { get; init; } = DefaultChunkBytes;
}
