using System.Text;
using System.Text.RegularExpressions;

namespace GroupReduce.Core.Tuning;

/// <summary>Positions in spec text and how new keys and values are written into it.</summary>
internal static partial class YamlSpanText
{
    /// <summary>The index just after the <c>:</c> that follows a mapping key.</summary>
    /// <param name="text">The text.</param>
    /// <param name="key">The key node.</param>
    /// <returns>The index after the colon.</returns>
    public static int AfterColon(string text, YamlSpanNode key)
    {
        int i = key.End;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
        {
            i++;
        }

        return i < text.Length && text[i] == ':' ? i + 1 : key.End;
    }

    /// <summary>The index of the end of the line holding <paramref name="index"/> (its newline, or the end of the text).</summary>
    public static int LineEnd(string text, int index)
    {
        int newline = text.IndexOf('\n', Math.Clamp(index, 0, text.Length));
        if (newline < 0)
        {
            return text.Length;
        }

        // A CRLF file keeps its line ends: insert before the carriage return.
        return newline > 0 && text[newline - 1] == '\r' ? newline - 1 : newline;
    }

    /// <summary>The 0-based column of an index: its distance from the start of its line.</summary>
    public static int ColumnOf(string text, int index) => index - (text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1);

    /// <summary>A scalar written so that YAML reads <paramref name="value"/> back as text: plain when that is safe, else single-quoted.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The YAML scalar.</returns>
    public static string Scalar(string value) => SafePlain().IsMatch(value) ? value : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A tree of new keys written in block style, each line at <paramref name="indent"/> or deeper by <paramref name="unit"/>.</summary>
    public static string Block(YamlTree tree, int indent, int unit, string newline)
    {
        var text = new StringBuilder();
        string pad = new(' ', indent);
        bool first = true;
        foreach ((string key, object value) in tree.Entries)
        {
            if (!first)
            {
                text.Append(newline).Append(pad);
            }

            first = false;
            text.Append(key).Append(':');
            if (value is YamlTree child)
            {
                text.Append(newline).Append(' ', indent + unit).Append(Block(child, indent + unit, unit, newline));
            }
            else
            {
                text.Append(' ').Append((string)value);
            }
        }

        return text.ToString();
    }

    /// <summary>A tree of new keys written in flow style: <c>{ name: frequency, options: { allocation: uniform } }</c>.</summary>
    public static string Flow(YamlTree tree) =>
        "{ " + string.Join(", ", tree.Entries.Select(e => e.Key + ": " + (e.Value is YamlTree child ? Flow(child) : (string)e.Value))) + " }";

    [GeneratedRegex(@"^[A-Za-z0-9_./+\-][A-Za-z0-9_./+\- ]*(?<! )$")]
    private static partial Regex SafePlain();
}
