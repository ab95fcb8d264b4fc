namespace GroupReduce.Core.Spec;

/// <summary>Where frequencies come from.</summary>
public enum FrequencySource
{
    /// <summary>A <c>token&lt;TAB&gt;count</c> file.</summary>
    Counts,

    /// <summary>A Zipf prior over row order, for models whose rows are sorted by frequency (word2vec files are).</summary>
    Zipf,

    /// <summary>Every row weighs the same.</summary>
    Uniform,

    /// <summary>Counted from text files with the model's tokenizer (<c>frequencies.tokenizer</c>).</summary>
    Corpus,
}
