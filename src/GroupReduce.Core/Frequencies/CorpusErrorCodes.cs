namespace GroupReduce.Core.Frequencies;

/// <summary>Errors and warnings in counting a corpus (<c>source: corpus</c>, <c>groupreduce counts</c>): GR2130–GR2139.</summary>
public static class CorpusErrorCodes
{
    /// <summary>A corpus file does not exist, is not a regular file (a folder, FIFO or device), or cannot be read.</summary>
    public const string Unreadable = "GR2130";

    /// <summary>A corpus file is not valid UTF-8; the message names the byte offset and line.</summary>
    public const string NotUtf8 = "GR2131";

    /// <summary>A line of a corpus file is longer than <see cref="CorpusCounter.MaxLineBytes"/> bytes (text is split only at line breaks).</summary>
    public const string LineTooLong = "GR2132";

    /// <summary>The tokenizer gave an id outside its own tokens: its files disagree with each other.</summary>
    public const string IdOutOfRange = "GR2133";

    /// <summary>No corpus file was given, or a pattern (<c>*</c>, <c>?</c> in the file name) matched no file.</summary>
    public const string NoFiles = "GR2134";

    /// <summary>Warning: tokens that a <c>token&lt;TAB&gt;count</c> line cannot hold (a CR or LF in the token, an unused id, a repeated spelling) were left out of counts.tsv.</summary>
    public const string TokensNotWritten = "GR2135";

    /// <summary>Warning: the counts cache could not be used (its folder failing, an entry corrupt); the corpus was counted and nothing else changes.</summary>
    public const string CacheUnavailable = "GR2136";
}
