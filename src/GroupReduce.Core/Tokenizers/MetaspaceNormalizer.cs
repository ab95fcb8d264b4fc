using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tokenizers;

/// <summary>
/// SentencePiece-style BPE in tokenizer.json (Llama 2, Mistral) spells spaces as <c>▁</c> and puts one before the text
/// (the <c>Prepend</c> + <c>Replace</c> normalizers, or a <c>Metaspace</c> pre-tokenizer). Microsoft.ML.Tokenizers' BPE
/// has no such step, so this normalizer supplies it; the BPE merges themselves are the library's.
/// </summary>
internal sealed class MetaspaceNormalizer(bool prepend) : Normalizer
{
    private const char Space = '\u2581';

    /// <inheritdoc />
    public override string Normalize(string original) => Normalize(original.AsSpan());

    /// <inheritdoc />
    public override string Normalize(ReadOnlySpan<char> original)
    {
        string replaced = original.ToString().Replace(' ', Space);
        return prepend && !replaced.StartsWith(Space) ? Space + replaced : replaced;
    }
}
