using GroupReduce.Abstractions;
using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tokenizers;

/// <summary>
/// A tokenizer read from a file or a named encoding: its tokens in id order (the model's row order) and, for the kinds
/// that can split text, a <see cref="Microsoft.ML.Tokenizers.Tokenizer"/> that encodes text to those ids.
/// </summary>
public sealed class ModelTokenizer
{
    /// <summary>The text given to ids no token has (gaps in a tokenizer's ids); a NUL start keeps it out of any counts file.</summary>
    internal const string HolePrefix = "\0unused id ";

    internal ModelTokenizer(TokenizerKind kind, string source, string[] tokens, int holes, int specialTokens, Tokenizer? encoder, string? notes = null, IReadOnlyList<string>? files = null)
    {
        Files = files ?? (Path.IsPathRooted(source) ? [source] : []);
        Kind = kind;
        Source = source;
        Tokens = tokens;
        Holes = holes;
        SpecialTokens = specialTokens;
        Encoder = encoder;
        Notes = notes;
    }

    // A named encoding has no file to point at.
    private SourceLocation? At => Path.IsPathRooted(Source) ? SourceLocation.OfFile(Source) : null;

    /// <summary>
    /// The files it was read from, full paths, <see cref="Source"/> first (a vocab.json's merges.txt after it); empty for a
    /// named encoding. They are inputs of any run that uses the tokenizer.
    /// </summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>What kind of tokenizer it is.</summary>
    public TokenizerKind Kind { get; }

    /// <summary>The file's full path, or the encoding's name (<c>gpt2</c>).</summary>
    public string Source { get; }

    /// <summary>
    /// Token <c>i</c> is id <c>i</c>'s text as the tokenizer's own files spell it (byte-level BPE and tiktoken tokens in the
    /// GPT-2 byte alphabet, so <c>Ġthe</c>; SentencePiece pieces with <c>▁</c>); special and added tokens included.
    /// </summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The number of ids: the largest id plus one.</summary>
    public int Size => Tokens.Count;

    /// <summary>Ids below <see cref="Size"/> that no token has.</summary>
    public int Holes { get; }

    /// <summary>How many of the tokens are special or added tokens.</summary>
    public int SpecialTokens { get; }

    /// <summary>The tokenizer that encodes text to these ids, or <see langword="null"/> for a <see cref="TokenizerKind.WordLevel"/> vocabulary.</summary>
    public Tokenizer? Encoder { get; }

    /// <summary>What a user should know about how text is encoded (e.g. byte fallback not applied), or <see langword="null"/>.</summary>
    public string? Notes { get; }

    /// <summary>
    /// Encodes text to ids as the model sees running text: no BOS/EOS or [CLS]/[SEP] added. Whatever the library throws on
    /// the text (a tiktoken file without every single byte, a pattern that times out) becomes GR2121 naming the tokenizer.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The ids, each in [0, <see cref="Size"/>).</returns>
    /// <exception cref="GroupReduceException">GR2122 when the tokenizer cannot split text; GR2121 when it fails on this text or yields an id outside its vocabulary.</exception>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<int> ids = EncodeUnchecked(text);
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)Size)
            {
                throw new GroupReduceException(
                    TokenizerErrorCodes.Malformed,
                    $"the tokenizer {Describe()} ('{Source}') encoded text to id {id}, outside its {Size:N0} tokens; its vocabulary and merges disagree — use the tokenizer file the model was published with",
                    At);
            }
        }

        return ids;
    }

    /// <summary>The encoder, or GR2122 saying why there is none and what to name instead.</summary>
    /// <returns>The encoder.</returns>
    internal Tokenizer RequireEncoder() => Encoder ?? throw new GroupReduceException(
        TokenizerErrorCodes.Unsupported,
        $"the tokenizer '{Source}' ({KindName(Kind)}) cannot split text{(Notes is { } notes ? $" ({notes})" : string.Empty)}; to count a corpus name a tokenizer that can: a tokenizer.json with a BPE, WordPiece or Unigram model, a SentencePiece tokenizer.model, vocab.json with merges.txt beside it, or a named encoding ({string.Join(", ", TokenizerFiles.EncodingNames)}); or give counts instead ('source: counts')",
        At);

    /// <summary>
    /// <see cref="Encode"/> without the id check (a caller that counts ids checks them where it can name the text's line):
    /// no sentence markers added, every library failure GR2121.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The ids as the library gives them.</returns>
    internal IReadOnlyList<int> EncodeUnchecked(ReadOnlySpan<char> text)
    {
        Tokenizer encoder = RequireEncoder();
        try
        {
            return encoder switch
            {
                BertTokenizer bert => bert.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true),
                SentencePieceTokenizer sentencePiece => sentencePiece.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false, considerPreTokenization: true, considerNormalization: true),
                _ => encoder.EncodeToIds(text, considerPreTokenization: true, considerNormalization: true),
            };
        }
        catch (Exception ex) when (TokenizerInput.IsLibraryFailure(ex))
        {
            throw new GroupReduceException(
                TokenizerErrorCodes.Malformed,
                $"the tokenizer {Describe()} ('{Source}') failed on the text ({ex.GetType().Name}: {ex.Message}); it is incomplete or damaged — use the tokenizer file the model was published with",
                At,
                ex);
        }
    }

    /// <summary>A short description for reports and <c>inspect</c>: kind, source file name and size.</summary>
    /// <returns>E.g. <c>byte-level BPE tokenizer.json, 50,257 tokens (1 special)</c>.</returns>
    public string Describe()
    {
        string name = Path.IsPathRooted(Source) ? Path.GetFileName(Source) : $"'{Source}'";
        string special = SpecialTokens > 0 ? $", {SpecialTokens:N0} special" : string.Empty;
        string holes = Holes > 0 ? $", {Holes:N0} unused id(s)" : string.Empty;
        return FormattableString.Invariant($"{KindName(Kind)} {name}, {Size:N0} tokens{special}{holes}");
    }

    /// <summary>The kind as a user reads it.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>E.g. <c>byte-level BPE</c>.</returns>
    public static string KindName(TokenizerKind kind) => kind switch
    {
        TokenizerKind.ByteLevelBpe => "byte-level BPE",
        TokenizerKind.Bpe => "BPE",
        TokenizerKind.WordPiece => "WordPiece",
        TokenizerKind.Unigram => "Unigram",
        TokenizerKind.SentencePiece => "SentencePiece",
        TokenizerKind.Tiktoken => "tiktoken",
        _ => "WordLevel",
    };
}
