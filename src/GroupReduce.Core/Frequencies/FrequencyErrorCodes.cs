namespace GroupReduce.Core.Frequencies;

/// <summary>Errors in frequency inputs (counts and vocabulary files): GR2101–GR2199.</summary>
public static class FrequencyErrorCodes
{
    /// <summary>The counts or vocabulary file does not exist, is not a regular file (a folder, FIFO or device), or cannot be read.</summary>
    public const string FileUnreadable = "GR2101";

    /// <summary>A counts line is not <c>token&lt;TAB&gt;count</c> with a number.</summary>
    public const string MalformedLine = "GR2102";

    /// <summary>A token appears twice in the counts file.</summary>
    public const string DuplicateToken = "GR2103";

    /// <summary>Vocabulary items have no count (and missing: error).</summary>
    public const string MissingTokens = "GR2104";

    /// <summary>A count is zero or negative (and missing: error), or not finite.</summary>
    public const string NonPositiveCount = "GR2105";

    /// <summary>A row-order counts file or vocabulary file has a different number of lines than the matrix has rows.</summary>
    public const string LengthMismatch = "GR2106";

    /// <summary>The counts or vocabulary file is larger than the size cap (<see cref="TextLines.MaxFileBytes"/> bytes); it is not read.</summary>
    public const string FileTooLarge = "GR2107";

    /// <summary>A line of a counts or vocabulary file is longer than <see cref="TextLines.MaxLineChars"/> characters.</summary>
    public const string LineTooLong = "GR2108";

    /// <summary>A counts or vocabulary file is not valid UTF-8.</summary>
    public const string NotUtf8 = "GR2109";
}
