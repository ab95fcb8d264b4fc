namespace GroupReduce.Core.Frequencies;

/// <summary>Which pass over the corpus a <see cref="CorpusProgress"/> reports.</summary>
public enum CorpusCountStage
{
    /// <summary>Hashing the files for the cache key (at disk speed; on a cache hit it is the only pass).</summary>
    Hashing,

    /// <summary>Tokenising and counting.</summary>
    Counting,
}
