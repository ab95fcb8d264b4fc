namespace GroupReduce.Core.Frequencies;

/// <summary>What <see cref="CorpusCounter.Count"/> found: how often each id occurs in the text, and the totals.</summary>
public sealed class CorpusCounts
{
    internal CorpusCounts(long[] counts, CorpusTotals totals, IReadOnlyList<string> files, string tokenizer, string cacheKey)
    {
        Counts = counts;
        Tokens = totals.Tokens;
        Bytes = totals.Bytes;
        Characters = totals.Characters;
        Lines = totals.Lines;
        Files = files;
        Tokenizer = tokenizer;
        CacheKey = cacheKey;
        DistinctIds = counts.Count(count => count > 0);
    }

    /// <summary>Count of id <c>i</c> at index <c>i</c>; as many entries as the tokenizer has ids.</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>Tokens counted (the sum of <see cref="Counts"/>).</summary>
    public long Tokens { get; }

    /// <summary>Bytes of text read (every file, without a UTF-8 byte order mark).</summary>
    public long Bytes { get; }

    /// <summary>UTF-16 characters of text read.</summary>
    public long Characters { get; }

    /// <summary>Lines read (a last line without a line break counts).</summary>
    public long Lines { get; }

    /// <summary>How many ids occur at least once.</summary>
    public int DistinctIds { get; }

    /// <summary>The corpus files, full paths, in the order given.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The tokenizer's <see cref="Tokenizers.ModelTokenizer.Source"/>.</summary>
    public string Tokenizer { get; }

    /// <summary>The content key (32 hex digits) the counts are cached under.</summary>
    public string CacheKey { get; }

    /// <summary>Whether the counts were read from the cache instead of tokenising the text.</summary>
    public bool FromCache { get; internal set; }

    /// <summary>The cache entry read or written, or null when the cache is off or could not be written.</summary>
    public string? CacheFile { get; internal set; }

    /// <summary>Why the cache was not used (a failing folder, a corrupt entry), for a GR2136 warning; null when it was, or is off.</summary>
    public string? CacheProblem { get; internal set; }
}
