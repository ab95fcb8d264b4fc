namespace GroupReduce.Trainer.Corpus;

/// <summary>
/// Turns one line of a Brown corpus file (<c>The/at jury/nn said/vbd …</c>, one sentence per line) into its
/// words: the part-of-speech tag after the last <c>/</c> is dropped (words such as <c>1/2/cd</c> keep their
/// own slashes) and the word is lower-cased, so that sentence-initial capitals do not split a word in two.
/// </summary>
public static class BrownLine
{
    public static string[] Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string[] tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var words = new List<string>(tokens.Length);
        foreach (string token in tokens)
        {
            string word = Word(token);
            if (word.Length > 0)
            {
                words.Add(word);
            }
        }

        return [.. words];
    }

    public static string Word(string taggedToken)
    {
        ArgumentNullException.ThrowIfNull(taggedToken);
        int slash = taggedToken.LastIndexOf('/');
        string word = slash >= 0 ? taggedToken[..slash] : taggedToken;
        return word.ToLowerInvariant();
    }
}
