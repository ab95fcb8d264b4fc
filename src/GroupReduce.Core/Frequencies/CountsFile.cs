using System.Globalization;
using GroupReduce.Abstractions;

namespace GroupReduce.Core.Frequencies;

/// <summary>A parsed <c>token&lt;TAB&gt;count</c> file: tokens in file order, their counts and line numbers.</summary>
internal sealed class CountsFile
{
    private CountsFile(string path, List<string> tokens, List<double> counts, List<int> lines)
    {
        Path = path;
        Tokens = tokens;
        Counts = counts;
        Lines = lines;
    }

    public string Path { get; }

    public List<string> Tokens { get; }

    public List<double> Counts { get; }

    public List<int> Lines { get; }

    public static CountsFile Read(string path, SourceLocation? namedAt)
    {
        var tokens = new List<string>();
        var counts = new List<double>();
        var lines = new List<int>();
        using StreamReader reader = OpenText(path, namedAt);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            // The token may itself hold spaces; the count follows the last tab.
            int tab = line.LastIndexOf('\t');
            if (tab < 0)
            {
                throw new GroupReduceException(
                    FrequencyErrorCodes.MalformedLine,
                    $"expected 'token<TAB>count', found no tab in '{Shorten(line)}'",
                    new SourceLocation(path, lineNumber, 1));
            }

            string countText = line[(tab + 1)..].Trim();
            if (!double.TryParse(countText, NumberStyles.Float, CultureInfo.InvariantCulture, out double count) || !double.IsFinite(count))
            {
                throw new GroupReduceException(
                    FrequencyErrorCodes.MalformedLine,
                    $"the count '{Shorten(countText)}' is not a finite number",
                    new SourceLocation(path, lineNumber, tab + 2));
            }

            tokens.Add(line[..tab]);
            counts.Add(count);
            lines.Add(lineNumber);
        }

        return new CountsFile(path, tokens, counts, lines);
    }

    public static StreamReader OpenText(string path, SourceLocation? namedAt)
    {
        try
        {
            return new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GroupReduceException(
                FrequencyErrorCodes.FileUnreadable,
                $"cannot read '{path}': {ex.Message}",
                namedAt ?? SourceLocation.OfFile(path));
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
