using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GroupReduce.Abstractions;
using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tokenizers;

/// <summary>
/// GPT-2-style <c>vocab.json</c> (<c>{ token: id }</c>) with <c>merges.txt</c> beside it: byte-level BPE split with
/// GPT-2's pattern. Tokens written <c>&lt;|…|&gt;</c> are special (matched whole in text). Without <c>merges.txt</c> the
/// file gives its tokens but cannot count a corpus.
/// </summary>
internal static class BpeVocabularyFiles
{
    /// <summary>The merges file looked for beside vocab.json.</summary>
    public const string MergesFileName = "merges.txt";


    /// <summary>Reads vocab.json (and merges.txt beside it, when there is one).</summary>
    /// <param name="path">vocab.json.</param>
    /// <param name="root">Its parsed root (an object of ids).</param>
    /// <param name="namedAt">Where the spec named it.</param>
    /// <returns>The tokenizer.</returns>
    public static ModelTokenizer Load(string path, JsonElement root, SourceLocation? namedAt)
    {
        Dictionary<string, int> vocab = HuggingFaceTokenizerJson.IdObject(root, path, "the file", namedAt);
        var special = vocab.Where(p => p.Key.StartsWith("<|", StringComparison.Ordinal) && p.Key.EndsWith("|>", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var ids = new Dictionary<int, string>();
        HuggingFaceTokenizerJson.AddAll(ids, vocab, [], path, namedAt);
        string mergesPath = Path.Combine(Path.GetDirectoryName(path) ?? ".", MergesFileName);
        if (!File.Exists(mergesPath))
        {
            return HuggingFaceTokenizerJson.Assemble(TokenizerKind.ByteLevelBpe, path, ids, special.Count, null, $"there is no {MergesFileName} beside {Path.GetFileName(path)}: it gives a vocabulary but cannot count a corpus");
        }

        string merges = Encoding.UTF8.GetString(TokenizerInput.ReadAll(mergesPath, namedAt));
        var lines = merges.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            .ToList();
        try
        {
            var options = new BpeOptions(vocab)
            {
                Merges = lines,
                ByteLevel = true,
                SpecialTokens = special.Count == 0 ? null : special,
                PreTokenizer = new RegexPreTokenizer(new Regex(HuggingFaceTokenizerJson.Gpt2Pattern, RegexOptions.Compiled), special.Count == 0 ? null : special),
            };
            return HuggingFaceTokenizerJson.Assemble(TokenizerKind.ByteLevelBpe, path, ids, special.Count, BpeTokenizer.Create(options), null, [path, mergesPath]);
        }
        catch (Exception ex) when (TokenizerInput.IsLibraryFailure(ex))
        {
            throw TokenizerInput.Malformed(mergesPath, $"does not fit {Path.GetFileName(path)} ({ex.Message})", namedAt, ex);
        }
    }
}
