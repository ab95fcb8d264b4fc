namespace GroupReduce.Core.Frequencies;

/// <summary>
/// The codes <see cref="TextLines"/> reports with, so each kind of text input keeps its own range: the frequency files
/// tell the four problems apart (GR2101, GR2107–GR2109), a token file is one GR2052 whatever went wrong.
/// </summary>
/// <param name="Unreadable">Missing, not a regular file, or failing to read.</param>
/// <param name="TooLarge">Over <see cref="TextLines.MaxFileBytes"/>.</param>
/// <param name="LineTooLong">A line over <see cref="TextLines.MaxLineChars"/>.</param>
/// <param name="NotUtf8">Not valid UTF-8.</param>
internal sealed record TextFileErrors(string Unreadable, string TooLarge, string LineTooLong, string NotUtf8)
{
    /// <summary>The counts and vocabulary files' codes.</summary>
    public static TextFileErrors Frequencies { get; } = new(FrequencyErrorCodes.FileUnreadable, FrequencyErrorCodes.FileTooLarge, FrequencyErrorCodes.LineTooLong, FrequencyErrorCodes.NotUtf8);

    /// <summary>One code for every problem.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The codes.</returns>
    public static TextFileErrors All(string code) => new(code, code, code, code);
}
