using System.Globalization;
using System.Text;

namespace GroupReduce.Core.Models;

/// <summary>
/// A short, escaped excerpt of file content for error messages. Messages name a place (line, byte
/// offset) and quote at most <see cref="MaxChars"/> characters of the offending token, with control and
/// non-ASCII characters escaped, so an error about a file the user did not mean to name (a spec that
/// points at <c>/etc/passwd</c>) never prints whole lines of it.
/// </summary>
internal static class Excerpt
{
    /// <summary>The most characters quoted.</summary>
    public const int MaxChars = 32;

    /// <summary>Escapes and shortens text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxChars">The most characters to show.</param>
    /// <returns>The excerpt, with <c>…</c> appended when shortened.</returns>
    public static string Of(ReadOnlySpan<char> text, int maxChars = MaxChars)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxChars) + 8);
        int shown = 0;
        foreach (char c in text)
        {
            if (shown == maxChars)
            {
                builder.Append('…');
                break;
            }

            if (c is >= ' ' and < (char)0x7F and not '\\' and not '\'')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(c switch
                {
                    '\\' => "\\\\",
                    '\'' => "\\'",
                    '\t' => "\\t",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }

            shown++;
        }

        return builder.ToString();
    }

    /// <summary>Escapes and shortens UTF-8 bytes (invalid sequences show as U+FFFD, escaped).</summary>
    /// <param name="utf8">The bytes.</param>
    /// <returns>The excerpt.</returns>
    public static string Of(ReadOnlySpan<byte> utf8) =>
        Of(Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, MaxChars * 4)]).AsSpan()) + (utf8.Length > MaxChars * 4 ? "…" : string.Empty);
}
