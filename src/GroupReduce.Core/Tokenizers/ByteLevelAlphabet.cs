namespace GroupReduce.Core.Tokenizers;

/// <summary>
/// GPT-2's map from bytes to printable characters, which byte-level BPE vocabularies (vocab.json, tokenizer.json) spell
/// their tokens in: printable Latin-1 bytes stand for themselves, the others (controls, space, soft hyphen) for the
/// characters from U+0100 on, in byte order. tiktoken files store raw bytes; spelling them this way makes a GPT-2
/// tiktoken vocabulary read token for token like GPT-2's vocab.json (<c>Ġthe</c>), and keeps every token printable.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = Build();

    /// <summary>Spells bytes in the alphabet.</summary>
    /// <param name="bytes">A token's bytes.</param>
    /// <returns>One character per byte.</returns>
    public static string Spell(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                chars[i] = ByteToChar[source[i]];
            }
        });
    }

    private static char[] Build()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }
}
