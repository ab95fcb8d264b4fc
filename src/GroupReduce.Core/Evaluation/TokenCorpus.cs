using GroupReduce.Abstractions;
using GroupReduce.Core.Frequencies;

namespace GroupReduce.Core.Evaluation;

/// <summary>
/// A token file read against a vocabulary: one sentence per line, tokens separated by white space,
/// tokens not in the vocabulary read as the unknown token (docs/language-model.md).
/// </summary>
public sealed class TokenCorpus
{
    private TokenCorpus(string path, int[][] sentences, long tokens, long unknown)
    {
        Path = path;
        Sentences = sentences;
        Tokens = tokens;
        UnknownTokens = unknown;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The sentences as token ids (without the end-of-sentence token).</summary>
    public IReadOnlyList<int[]> Sentences { get; }

    /// <summary>Tokens read (words, not counting end-of-sentence predictions).</summary>
    public long Tokens { get; }

    /// <summary>Tokens that were not in the vocabulary and were read as the unknown token.</summary>
    public long UnknownTokens { get; }

    /// <summary>Predictions a language model makes on this corpus: every token plus one end-of-sentence per sentence.</summary>
    public long Predictions => Tokens + Sentences.Count;

    /// <summary>Reads a token file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="ids">Token → id.</param>
    /// <param name="unknownId">The id of the unknown token.</param>
    /// <param name="maxSentences">Read at most this many sentences (the first ones); null for all.</param>
    /// <returns>The corpus.</returns>
    public static TokenCorpus Read(string path, IReadOnlyDictionary<string, int> ids, int unknownId, int? maxSentences = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        string full = System.IO.Path.GetFullPath(path);
        var sentences = new List<int[]>();
        long tokens = 0;
        long unknown = 0;
        try
        {
            // Bounded like the counts and vocabulary files: a regular file only (a FIFO would block, /dev/zero never
            // ends), a size cap, a line cap, strict UTF-8.
            using TextLines reader = TextLines.Open(full, null, "token file", TextFileErrors.All(EvaluationErrorCodes.TokenFileInvalid));
            while (reader.ReadLine() is { } line)
            {
                if (maxSentences is { } limit && sentences.Count >= limit)
                {
                    break;
                }

                string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0)
                {
                    continue;
                }

                var sentence = new int[words.Length];
                for (int i = 0; i < words.Length; i++)
                {
                    if (!ids.TryGetValue(words[i], out sentence[i]))
                    {
                        sentence[i] = unknownId;
                        unknown++;
                    }
                }

                tokens += words.Length;
                sentences.Add(sentence);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GroupReduceException(EvaluationErrorCodes.TokenFileInvalid, $"cannot read the token file '{full}': {ex.Message}", SourceLocation.OfFile(full), ex);
        }

        if (sentences.Count == 0)
        {
            throw new GroupReduceException(EvaluationErrorCodes.TokenFileInvalid, $"the token file '{full}' holds no sentence; give a UTF-8 text file with one sentence per line, tokens separated by spaces", SourceLocation.OfFile(full));
        }

        return new TokenCorpus(full, [.. sentences], tokens, unknown);
    }
}
