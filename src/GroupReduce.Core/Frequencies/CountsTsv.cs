using System.Globalization;
using System.Text;
using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// Writes corpus counts as the <c>token&lt;TAB&gt;count</c> file that <c>source: counts</c> reads: ids in order, tokens as
/// <see cref="ModelTokenizer.Tokens"/> spells them, UTF-8, <c>\n</c> line ends. The reader takes the count after the last
/// tab, so a tab inside a token is kept; a token with a CR or LF, an unused id, and a second id with an earlier id's
/// spelling (the reader refuses repeats) cannot be written and are left out, counted in the result.
/// </summary>
public static class CountsTsv
{
    /// <summary>Writes the file atomically (a temporary file beside it, then a rename).</summary>
    /// <param name="path">The file.</param>
    /// <param name="counts">The counts.</param>
    /// <param name="tokenizer">The tokenizer they were counted with.</param>
    /// <param name="allIds">Write every id, zero counts too; by default only ids that occur.</param>
    /// <param name="cancellationToken">Stops before the rename; the file is then untouched.</param>
    /// <returns>What was written and left out.</returns>
    public static CountsTsvResult Write(string path, CorpusCounts counts, ModelTokenizer tokenizer, bool allIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (counts.Counts.Count != tokenizer.Size)
        {
            throw new ArgumentException($"the counts have {counts.Counts.Count} ids but the tokenizer {tokenizer.Size}", nameof(counts));
        }

        int lines = 0, skipped = 0;
        long skippedOccurrences = 0;
        var examples = new List<int>();
        var spellings = new HashSet<string>(StringComparer.Ordinal);
        ReplacedFile.Write(
            Path.GetFullPath(path),
            stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                for (int id = 0; id < tokenizer.Size; id++)
                {
                    long count = counts.Counts[id];
                    if (count == 0 && !allIds)
                    {
                        continue;
                    }

                    string token = tokenizer.Tokens[id];
                    bool unused = token.StartsWith(ModelTokenizer.HolePrefix, StringComparison.Ordinal);

                    // A first line starting with U+FEFF would be read back as a byte order mark and lose it.
                    if (unused || token.AsSpan().IndexOfAny('\r', '\n') >= 0 || (lines == 0 && token.StartsWith('\uFEFF')) || !spellings.Add(token))
                    {
                        if (!unused || count > 0)
                        {
                            skipped++;
                            skippedOccurrences += count;
                            if (examples.Count < 5)
                            {
                                examples.Add(id);
                            }
                        }

                        continue;
                    }

                    writer.Write(token);
                    writer.Write('\t');
                    writer.WriteLine(count.ToString(CultureInfo.InvariantCulture));
                    lines++;
                }

                writer.Flush();
                cancellationToken.ThrowIfCancellationRequested();
            },
            cancellationToken);
        return new CountsTsvResult(lines, skipped, skippedOccurrences, examples);
    }
}
