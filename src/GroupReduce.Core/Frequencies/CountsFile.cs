using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;

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
        using TextLines reader = TextLines.Open(path, namedAt, "counts file");
        while (reader.ReadLine() is { } line)
        {
            int lineNumber = reader.LineNumber;
            if (line.Length == 0)
            {
                continue;
            }

            // The token may itself hold spaces; the count follows the last tab. The line is not quoted:
            // a spec may name a file that is no counts file at all, and its lines are none of our business.
            int tab = line.LastIndexOf('\t');
            if (tab < 0)
            {
                throw new GroupReduceException(
                    FrequencyErrorCodes.MalformedLine,
                    $"line {lineNumber} ({line.Length} characters) has no tab; every line must be 'token<TAB>count'. Check that frequencies.path names a counts file",
                    new SourceLocation(path, lineNumber, 1));
            }

            string countText = line[(tab + 1)..].Trim();
            if (!double.TryParse(countText, NumberStyles.Float, CultureInfo.InvariantCulture, out double count) || !double.IsFinite(count))
            {
                throw new GroupReduceException(
                    FrequencyErrorCodes.MalformedLine,
                    $"the count '{Excerpt.Of(countText)}' on line {lineNumber} is not a finite number",
                    new SourceLocation(path, lineNumber, tab + 2));
            }

            tokens.Add(line[..tab]);
            counts.Add(count);
            lines.Add(lineNumber);
        }

        return new CountsFile(path, tokens, counts, lines);
    }
}
