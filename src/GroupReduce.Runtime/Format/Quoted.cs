using System.Text;

namespace GroupReduce.Runtime.Format;

/// <summary>Text from an untrusted file as it may appear in a message: quoted, short, and with control characters escaped.</summary>
internal static class Quoted
{
    private const int MaxChars = 80;

    /// <summary>Quotes a name or value for a message.</summary>
    /// <param name="text">The text from the file.</param>
    /// <returns><c>'text'</c>, cut to 80 characters with an ellipsis, control characters as <c>\uXXXX</c>.</returns>
    public static string Of(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxChars) + 3).Append('\'');
        foreach (char c in text.Length <= MaxChars ? text : text[..MaxChars])
        {
            if (char.IsControl(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append(text.Length <= MaxChars ? "'" : "…'").ToString();
    }
}
