namespace GroupReduce.Trainer.Corpus;

/// <summary>
/// The model's words in row order with their training counts. Rows are sorted by count, most frequent
/// first (ties by ordinal string), because GroupReduce's row-order priors assume frequency-sorted rows.
/// <c>&lt;eos&gt;</c> counts once per training sentence and <c>&lt;unk&gt;</c> once per training word below
/// the threshold, and both sit where those counts place them.
/// </summary>
public sealed class Vocabulary
{
    public const string UnknownToken = "<unk>";
    public const string EndToken = "<eos>";

    private readonly Dictionary<string, int> ids;

    private Vocabulary(string[] tokens, long[] counts)
    {
        Tokens = tokens;
        Counts = counts;
        ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Length; i++)
        {
            ids.Add(tokens[i], i);
        }

        Unknown = ids[UnknownToken];
        End = ids[EndToken];
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<long> Counts { get; }

    public int Count => Tokens.Count;

    public int Unknown { get; }

    public int End { get; }

    /// <summary>Every training word seen at least <paramref name="minimumCount"/> times, plus the two special tokens.</summary>
    public static Vocabulary Build(IEnumerable<string[]> trainSentences, int minimumCount)
    {
        ArgumentNullException.ThrowIfNull(trainSentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long sentences = 0;
        foreach (string[] sentence in trainSentences)
        {
            sentences++;
            foreach (string word in sentence)
            {
                if (word is UnknownToken or EndToken)
                {
                    throw new InvalidDataException($"The corpus contains the reserved token '{word}'.");
                }

                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        long unknown = 0;
        var kept = new List<(string Token, long Count)>();
        foreach ((string word, long count) in counts)
        {
            if (count >= minimumCount)
            {
                kept.Add((word, count));
            }
            else
            {
                unknown += count;
            }
        }

        kept.Add((UnknownToken, unknown));
        kept.Add((EndToken, sentences));
        kept.Sort((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Token, b.Token));
        return new Vocabulary([.. kept.Select(k => k.Token)], [.. kept.Select(k => k.Count)]);
    }

    /// <summary>The row of <paramref name="word"/>, or of <c>&lt;unk&gt;</c> for a word outside the vocabulary.</summary>
    public int Id(string word) => ids.TryGetValue(word, out int id) ? id : Unknown;
}
