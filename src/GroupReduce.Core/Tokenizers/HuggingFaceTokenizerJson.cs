using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GroupReduce.Abstractions;
using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tokenizers;

/// <summary>
/// Hugging Face <c>tokenizer.json</c>: the vocabulary (the model's tokens and the added tokens, by id) and a
/// Microsoft.ML.Tokenizers tokenizer built from the same settings: BPE (byte-level or <c>▁</c>-spaced), WordPiece,
/// Unigram; a WordLevel model gives its tokens only. What the library cannot follow is said in
/// <see cref="ModelTokenizer.Notes"/> (BPE byte fallback), never silently.
/// </summary>
internal static class HuggingFaceTokenizerJson
{
    /// <summary>GPT-2's split pattern: the ByteLevel pre-tokenizer's when use_regex is on (the default), and vocab.json's.</summary>
    internal const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private const int MaxId = 1 << 24;

    /// <summary>
    /// How long one split of the file's own pattern may take: the pattern comes from the file, and a hostile one must not
    /// hang a build (a timeout surfaces as RegexMatchTimeoutException while counting, which the counter reports).
    /// </summary>
    internal static readonly TimeSpan SplitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether a parsed JSON document is a tokenizer.json (an object with a <c>model</c> object).</summary>
    /// <param name="root">The document's root.</param>
    /// <returns>True when it is.</returns>
    public static bool Is(JsonElement root) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.Object;

    /// <summary>Reads a tokenizer.json.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bytes">Its bytes.</param>
    /// <param name="root">Its parsed root.</param>
    /// <param name="namedAt">Where the spec named it.</param>
    /// <returns>The tokenizer.</returns>
    public static ModelTokenizer Load(string path, byte[] bytes, JsonElement root, SourceLocation? namedAt)
    {
        JsonElement model = root.GetProperty("model");
        string type = model.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : InferType(model);
        var added = AddedTokens(root, path, namedAt);
        var ids = new Dictionary<int, string>();
        Tokenizer? encoder;
        TokenizerKind kind;
        string? notes = null;
        try
        {
            switch (type)
            {
                case "BPE":
                {
                    Dictionary<string, int> vocab = VocabularyObject(model, path, namedAt);
                    AddAll(ids, vocab, added, path, namedAt);
                    bool byteLevel = Mentions(root, "ByteLevel");
                    kind = byteLevel ? TokenizerKind.ByteLevelBpe : TokenizerKind.Bpe;
                    var options = new BpeOptions(vocab)
                    {
                        Merges = Merges(model, path, namedAt),
                        SpecialTokens = added.Count == 0 ? null : added,
                        UnknownToken = OptionalString(model, "unk_token"),
                        ContinuingSubwordPrefix = OptionalString(model, "continuing_subword_prefix"),
                        EndOfWordSuffix = OptionalString(model, "end_of_word_suffix"),
                        FuseUnknownTokens = model.TryGetProperty("fuse_unk", out JsonElement fuse) && fuse.ValueKind == JsonValueKind.True,
                        ByteLevel = byteLevel,
                        PreTokenizer = byteLevel ? new RegexPreTokenizer(new Regex(SplitPattern(root) ?? Gpt2Pattern, RegexOptions.Compiled, SplitTimeout), added.Count == 0 ? null : added) : null,
                        Normalizer = byteLevel ? null : Mentions(root, "Metaspace") || Mentions(root, "Prepend") || Mentions(root, "Replace") ? new MetaspaceNormalizer(prepend: !Mentions(root, "\"prepend_scheme\":\"never\"")) : null,
                    };
                    encoder = BpeTokenizer.Create(options);
                    if (model.TryGetProperty("byte_fallback", out JsonElement fallback) && fallback.ValueKind == JsonValueKind.True)
                    {
                        notes = "the model falls back to byte tokens (<0x..>) for characters outside its vocabulary; Microsoft.ML.Tokenizers' BPE does not, so such characters are not counted";
                    }

                    break;
                }

                case "WordPiece":
                {
                    Dictionary<string, int> vocab = VocabularyObject(model, path, namedAt);
                    AddAll(ids, vocab, added, path, namedAt);
                    kind = TokenizerKind.WordPiece;
                    encoder = WordPiece(model, root, vocab, added);
                    break;
                }

                case "Unigram":
                {
                    if (!model.TryGetProperty("vocab", out JsonElement pieces) || pieces.ValueKind != JsonValueKind.Array)
                    {
                        throw TokenizerInput.Malformed(path, "has a Unigram model without a 'vocab' array of [piece, score] pairs", namedAt);
                    }

                    var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
                    int id = 0;
                    foreach (JsonElement piece in pieces.EnumerateArray())
                    {
                        if (piece.ValueKind != JsonValueKind.Array || piece.GetArrayLength() < 1 || piece[0].ValueKind != JsonValueKind.String)
                        {
                            throw TokenizerInput.Malformed(path, $"has Unigram vocabulary entry {id} that is not a [piece, score] pair", namedAt);
                        }

                        vocab.TryAdd(piece[0].GetString()!, id++);
                    }

                    AddAll(ids, vocab, added, path, namedAt);
                    kind = TokenizerKind.Unigram;
                    using var stream = new MemoryStream(bytes, writable: false);
                    encoder = SentencePieceTokenizer.CreateFromTokenizerJson(stream, false, false, null);
                    break;
                }

                case "WordLevel":
                    AddAll(ids, VocabularyObject(model, path, namedAt), added, path, namedAt);
                    kind = TokenizerKind.WordLevel;
                    encoder = null;
                    notes = "a WordLevel model splits text with its own pre-tokenizer only, which Microsoft.ML.Tokenizers does not provide: it gives a vocabulary but cannot count a corpus";
                    break;

                default:
                    throw new GroupReduceException(
                        TokenizerErrorCodes.Unsupported,
                        $"the tokenizer '{path}' has a model of type '{Models.Excerpt.Of(type, 24)}'; this version reads BPE, WordPiece, Unigram and WordLevel models — give the model's vocabulary as a text file (one token per line) instead",
                        namedAt ?? SourceLocation.OfFile(path));
            }
        }
        catch (Exception ex) when (TokenizerInput.IsLibraryFailure(ex))
        {
            throw TokenizerInput.Malformed(path, $"is not a tokenizer the library can build ({ex.Message})", namedAt, ex);
        }

        return Assemble(kind, path, ids, added.Count, encoder, notes);
    }

    /// <summary>Fills the id→token table into an array, naming holes.</summary>
    internal static ModelTokenizer Assemble(TokenizerKind kind, string source, Dictionary<int, string> ids, int special, Tokenizer? encoder, string? notes, IReadOnlyList<string>? files = null)
    {
        int size = ids.Count == 0 ? 0 : ids.Keys.Max() + 1;
        var tokens = new string[size];
        int holes = 0;
        for (int id = 0; id < size; id++)
        {
            if (!ids.TryGetValue(id, out string? token))
            {
                token = ModelTokenizer.HolePrefix + id.ToString(CultureInfo.InvariantCulture);
                holes++;
            }

            tokens[id] = token;
        }

        return new ModelTokenizer(kind, source, tokens, holes, special, encoder, notes, files);
    }

    /// <summary>Adds vocabulary then added tokens to the id table; an id given two different texts is malformed.</summary>
    internal static void AddAll(Dictionary<int, string> ids, Dictionary<string, int> vocab, Dictionary<string, int> added, string path, SourceLocation? namedAt)
    {
        foreach ((string token, int id) in vocab)
        {
            Add(ids, token, id, path, namedAt, "vocabulary");
        }

        foreach ((string token, int id) in added)
        {
            // An added token may repeat a vocabulary entry with its id (Hugging Face writes both); a different text is a conflict.
            if (!ids.TryGetValue(id, out string? existing) || existing != token)
            {
                ids.Remove(id);
                Add(ids, token, id, path, namedAt, "added_tokens");
            }
        }
    }

    /// <summary>Reads a <c>{ token: id }</c> object.</summary>
    internal static Dictionary<string, int> IdObject(JsonElement vocab, string path, string what, SourceLocation? namedAt)
    {
        if (vocab.ValueKind != JsonValueKind.Object)
        {
            throw TokenizerInput.Malformed(path, $"has {what} that is not an object of token: id pairs", namedAt);
        }

        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0 || id >= MaxId)
            {
                throw TokenizerInput.Malformed(path, $"gives token '{Models.Excerpt.Of(entry.Name, 16)}' in {what} the id {Models.Excerpt.Of(entry.Value.GetRawText(), 16)}; ids are whole numbers from 0 to {MaxId - 1}", namedAt);
            }

            if (!result.TryAdd(entry.Name, id))
            {
                throw TokenizerInput.Malformed(path, $"lists token '{Models.Excerpt.Of(entry.Name, 16)}' twice in {what}", namedAt);
            }
        }

        return result;
    }

    private static void Add(Dictionary<int, string> ids, string token, int id, string path, SourceLocation? namedAt, string where)
    {
        if (!ids.TryAdd(id, token))
        {
            throw TokenizerInput.Malformed(path, $"gives id {id} to both '{Models.Excerpt.Of(ids[id], 16)}' and '{Models.Excerpt.Of(token, 16)}' ({where})", namedAt);
        }
    }

    private static string InferType(JsonElement model) =>
        model.TryGetProperty("merges", out _) ? "BPE"
        : model.TryGetProperty("vocab", out JsonElement vocab) && vocab.ValueKind == JsonValueKind.Array ? "Unigram"
        : model.TryGetProperty("continuing_subword_prefix", out _) ? "WordPiece"
        : "WordLevel";

    private static Dictionary<string, int> VocabularyObject(JsonElement model, string path, SourceLocation? namedAt) =>
        model.TryGetProperty("vocab", out JsonElement vocab)
            ? IdObject(vocab, path, "model.vocab", namedAt)
            : throw TokenizerInput.Malformed(path, "has a model without a 'vocab'", namedAt);

    private static Dictionary<string, int> AddedTokens(JsonElement root, string path, SourceLocation? namedAt)
    {
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.TryGetProperty("added_tokens", out JsonElement list) || list.ValueKind == JsonValueKind.Null)
        {
            return added;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw TokenizerInput.Malformed(path, "has 'added_tokens' that is not an array", namedAt);
        }

        foreach (JsonElement token in list.EnumerateArray())
        {
            if (token.ValueKind != JsonValueKind.Object
                || !token.TryGetProperty("id", out JsonElement id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt32(out int value) || value < 0 || value >= MaxId
                || !token.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.String)
            {
                throw TokenizerInput.Malformed(path, $"has an added token without a whole 'id' from 0 to {MaxId - 1} and a string 'content' ({Models.Excerpt.Of(token.GetRawText(), 40)})", namedAt);
            }

            added[content.GetString()!] = value;
        }

        return added;
    }

    private static List<string> Merges(JsonElement model, string path, SourceLocation? namedAt)
    {
        var merges = new List<string>();
        if (!model.TryGetProperty("merges", out JsonElement list) || list.ValueKind == JsonValueKind.Null)
        {
            return merges;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw TokenizerInput.Malformed(path, "has 'merges' that is not an array", namedAt);
        }

        foreach (JsonElement merge in list.EnumerateArray())
        {
            // Older files write "a b"; newer ones ["a", "b"] (which allows spaces inside tokens; the library's form does not).
            if (merge.ValueKind == JsonValueKind.String)
            {
                merges.Add(merge.GetString()!);
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2 && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            {
                merges.Add(merge[0].GetString() + " " + merge[1].GetString());
            }
            else
            {
                throw TokenizerInput.Malformed(path, $"has merge {merges.Count} that is neither \"a b\" nor [\"a\", \"b\"]", namedAt);
            }
        }

        return merges;
    }

    private static Tokenizer WordPiece(JsonElement model, JsonElement root, Dictionary<string, int> vocab, Dictionary<string, int> added)
    {
        // The library reads a vocab.txt (line = id); gaps get a line no text can match.
        int size = vocab.Count == 0 ? 0 : vocab.Values.Max() + 1;
        var lines = new string[size];
        foreach ((string token, int id) in vocab)
        {
            lines[id] = token;
        }

        var text = new StringBuilder();
        for (int id = 0; id < size; id++)
        {
            text.Append(lines[id] ?? ModelTokenizer.HolePrefix + id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        IReadOnlyDictionary<string, int>? special = added.Count == 0 ? null : added;
        string unknown = OptionalString(model, "unk_token") ?? "[UNK]";
        string prefix = OptionalString(model, "continuing_subword_prefix") ?? "##";
        int maxChars = model.TryGetProperty("max_input_chars_per_word", out JsonElement max) && max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out int chars) && chars > 0 ? chars : 100;
        using var vocabText = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        if (Mentions(root, "BertNormalizer") || Mentions(root, "BertPreTokenizer"))
        {
            // BERT's normalizer (lower-casing, accent stripping, CJK spacing) is public only through BertTokenizer.
            bool lowercase = !Mentions(root, "\"lowercase\":false");
            return BertTokenizer.Create(vocabText, new BertOptions
            {
                UnknownToken = unknown,
                ContinuingSubwordPrefix = prefix,
                MaxInputCharsPerWord = maxChars,
                SpecialTokens = special,
                LowerCaseBeforeTokenization = lowercase,
                RemoveNonSpacingMarks = lowercase,
                ApplyBasicTokenization = true,
            });
        }

        var options = new WordPieceOptions
        {
            UnknownToken = unknown,
            ContinuingSubwordPrefix = prefix,
            MaxInputCharsPerWord = maxChars,
            SpecialTokens = special,
            PreTokenizer = PreTokenizer.CreateWhiteSpace(special),
        };
        return WordPieceTokenizer.Create(vocabText, options);
    }

    // A Split pre-tokenizer's regex (Llama 3, GPT-4-style byte-level BPE) replaces GPT-2's.
    private static string? SplitPattern(JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out JsonElement pre) || pre.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        IEnumerable<JsonElement> steps = pre.TryGetProperty("pretokenizers", out JsonElement list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [pre];
        foreach (JsonElement step in steps)
        {
            if (step.ValueKind == JsonValueKind.Object && OptionalString(step, "type") == "Split"
                && step.TryGetProperty("pattern", out JsonElement pattern) && pattern.ValueKind == JsonValueKind.Object
                && OptionalString(pattern, "Regex") is { } regex)
            {
                return regex;
            }
        }

        return null;
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The normalizer, pre-tokenizer and decoder blocks nest freely (Sequence of Sequence); whether a step type appears
    // anywhere in them is what decides the few settings the library has.
    private static bool Mentions(JsonElement root, string text)
    {
        foreach (string block in new[] { "normalizer", "pre_tokenizer", "decoder" })
        {
            if (root.TryGetProperty(block, out JsonElement value) && value.ValueKind == JsonValueKind.Object
                && value.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Contains(text.StartsWith('"') ? text : $"\"{text}\"", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
