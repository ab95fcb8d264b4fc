using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// Encodes one line of a corpus to ids, the way <see cref="CorpusCounter"/> defines it: byte-level tokenizers (byte-level
/// BPE, tiktoken) see the line with its line break, as the model sees running text (<c>\n</c> is a token there); the others
/// (SentencePiece, Unigram, BPE with <c>▁</c>, WordPiece) see it without, as they were trained on sentences, and an empty
/// line is nothing. No special tokens are added: BERT's [CLS]/[SEP] and SentencePiece's BOS/EOS are not in the text.
/// </summary>
internal sealed class LineEncoder
{
    private readonly ModelTokenizer _tokenizer;
    private readonly bool _keepBreak;

    private LineEncoder(ModelTokenizer tokenizer, bool keepBreak)
    {
        _tokenizer = tokenizer;
        _keepBreak = keepBreak;
    }

    /// <summary>The encoder for a tokenizer, or GR2122 when it cannot split text.</summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <returns>The encoder.</returns>
    public static LineEncoder For(ModelTokenizer tokenizer)
    {
        _ = tokenizer.RequireEncoder();
        return new LineEncoder(tokenizer, tokenizer.Kind is TokenizerKind.ByteLevelBpe or TokenizerKind.Tiktoken);
    }

    /// <summary>Whether lines are encoded with their line break.</summary>
    public bool KeepsLineBreak => _keepBreak;

    /// <summary>The text of a line that is encoded.</summary>
    /// <param name="line">The line with its break (<c>\n</c> or <c>\r\n</c>), if it has one.</param>
    /// <returns>What the tokenizer sees.</returns>
    public ReadOnlySpan<char> Text(ReadOnlySpan<char> line)
    {
        if (_keepBreak)
        {
            return line;
        }

        if (line.EndsWith('\n'))
        {
            line = line[..^1];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }
        }

        return line;
    }

    /// <summary>Encodes a line.</summary>
    /// <param name="line">The line with its break, if it has one.</param>
    /// <returns>The ids.</returns>
    public IReadOnlyList<int> Encode(ReadOnlySpan<char> line)
    {
        ReadOnlySpan<char> text = Text(line);
        if (text.IsEmpty)
        {
            return [];
        }

        return _tokenizer.EncodeUnchecked(text);
    }
}
