using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace GroupReduce.Core.Models;

/// <summary>
/// UTF-8 that refuses what is not UTF-8, for every reader of names and text in untrusted files: decoding throws
/// instead of slipping in U+FFFD, and <see cref="FirstInvalid"/> finds the byte to name in the error.
/// </summary>
internal static class StrictUtf8
{
    /// <summary>The encoding: no byte order mark written, an exception on invalid bytes.</summary>
    public static UTF8Encoding Encoding { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence.</summary>
    /// <param name="text">The bytes.</param>
    /// <returns>The offset, or -1 when all of <paramref name="text"/> is valid.</returns>
    public static int FirstInvalid(ReadOnlySpan<byte> text)
    {
        if (Utf8.IsValid(text))
        {
            return -1;
        }

        int at = 0;
        while (at < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[at..], out _, out int consumed) != OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return -1;
    }
}
