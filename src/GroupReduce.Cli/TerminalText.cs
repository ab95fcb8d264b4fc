using System.Globalization;
using System.Text;

namespace GroupReduce.Cli;

/// <summary>
/// Text from a file made printable: control characters (escape sequences that would drive the terminal, NUL, bell,
/// carriage returns that overwrite a line) are shown as <c>\uXXXX</c>, never sent. Tabs pass.
/// </summary>
internal static class TerminalText
{
    /// <summary>Returns <paramref name="text"/> with its control characters escaped.</summary>
    /// <param name="text">Text that may come from a hostile file.</param>
    /// <returns>The printable text.</returns>
    public static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsEscaped))
        {
            return text ?? string.Empty;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            builder.Append(IsEscaped(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c.ToString());
        }

        return builder.ToString();
    }

    private static bool IsEscaped(char c) => c != '\t' && (char.IsControl(c) || c is '\u2028' or '\u2029');
}
