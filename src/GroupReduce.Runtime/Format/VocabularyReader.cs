using System.Runtime.InteropServices;
using System.Text;

namespace GroupReduce.Runtime.Format;

/// <summary>Reads the manifest's <c>vocabulary</c> (docs/format.md, 3.4): the tokens from their offsets and UTF-8 bytes.</summary>
internal static class VocabularyReader
{
    /// <summary>Reads the tokens and checks the offsets and every token's UTF-8 against the file.</summary>
    /// <param name="file">The artifact.</param>
    /// <param name="json">The manifest's <c>vocabulary</c> object.</param>
    /// <returns>The vocabulary.</returns>
    public static TokenVocabulary Read(MappedSafetensors file, JsonField json)
    {
        int count = json.Required("tokens").Int32(0, int.MaxValue - 1);
        TensorEntry offsets = file.Require(json.Required("offsets").Name(), "the vocabulary offsets", "I64");
        TensorEntry bytes = file.Require(json.Required("bytes").Name(), "the vocabulary bytes", "U8");
        if (offsets.Shape is not [long offsetCount] || offsetCount != count + 1L)
        {
            throw file.Corrupt($"the vocabulary has {count} tokens but its offsets are {offsets.ShapeText}; they need [{count + 1L}]");
        }

        ReadOnlySpan<long> at = MemoryMarshal.Cast<byte, long>(file.Bytes(offsets));
        ReadOnlySpan<byte> text = file.Bytes(bytes);
        if (at[0] < 0 || at[0] > text.Length)
        {
            throw file.Corrupt($"vocabulary offset 0 ({at[0]}) is outside the {text.Length} token bytes");
        }

        var tokens = new string[count];
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (int i = 0; i < count; i++)
        {
            if (at[i + 1] < at[i] || at[i + 1] > text.Length)
            {
                throw file.Corrupt($"vocabulary offset {i + 1} ({at[i + 1]}) is outside the {text.Length} token bytes or decreases");
            }

            try
            {
                tokens[i] = utf8.GetString(text[(int)at[i]..(int)at[i + 1]]);
            }
            catch (DecoderFallbackException)
            {
                throw file.Corrupt($"vocabulary token {i} is not valid UTF-8");
            }
        }

        return new TokenVocabulary(tokens);
    }
}
