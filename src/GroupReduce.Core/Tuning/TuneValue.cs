using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GroupReduce.Core.Tuning;

/// <summary>A value of a search axis: YAML scalar text, written into the spec as typed (<c>5</c>, <c>int8</c>, <c>'a b'</c>).</summary>
internal static class TuneValue
{
    /// <summary>What YAML reads from the text when it is one scalar on one line (quotes removed); null otherwise.</summary>
    /// <param name="text">The value as typed.</param>
    /// <returns>The scalar's value, or null when the text is not one scalar.</returns>
    public static string? Read(string text)
    {
        if (text.Length == 0 || text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            var events = new List<ParsingEvent>();
            while (parser.MoveNext() && parser.Current is { } current)
            {
                events.Add(current);
            }

            return events is [StreamStart, DocumentStart, Scalar { Anchor.IsEmpty: true } scalar, DocumentEnd, StreamEnd] && !(scalar.IsPlainImplicit && scalar.Value.Length == 0)
                ? scalar.Value
                : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }
}
