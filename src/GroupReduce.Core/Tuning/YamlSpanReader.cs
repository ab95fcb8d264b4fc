using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GroupReduce.Core.Tuning;

/// <summary>
/// Reads spec text into <see cref="YamlSpanNode"/>s with their text spans. It is only used on text the spec loader
/// reads too, and the loader gives the errors with their codes; this reader's own failures are YAML syntax errors.
/// </summary>
internal static class YamlSpanReader
{
    private static readonly HashSet<string> NullWords = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    /// <summary>Reads the first document's root node.</summary>
    /// <param name="text">The YAML text, without a byte order mark.</param>
    /// <returns>The root.</returns>
    /// <exception cref="YamlException">The text is not YAML.</exception>
    public static YamlSpanNode Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        Next(parser);
        ParsingEvent document = Next(parser);
        if (document is not DocumentStart)
        {
            throw new YamlException("the spec is empty");
        }

        return ReadNode(text, parser, Next(parser));
    }

    private static YamlSpanNode ReadNode(string text, Parser parser, ParsingEvent start)
    {
        switch (start)
        {
            case Scalar scalar:
                return new YamlSpanNode
                {
                    Kind = YamlSpanKind.Scalar,
                    Start = (int)scalar.Start.Index,
                    End = (int)scalar.End.Index,
                    Line = (int)scalar.Start.Line,
                    Column = (int)scalar.Start.Column,
                    Value = scalar.Value,
                    IsNull = scalar.IsPlainImplicit && NullWords.Contains(scalar.Value),
                };

            case AnchorAlias alias:
                return new YamlSpanNode { Kind = YamlSpanKind.Alias, Start = (int)alias.Start.Index, End = (int)alias.End.Index, Line = (int)alias.Start.Line, Column = (int)alias.Start.Column };

            case SequenceStart sequenceStart:
            {
                var node = new YamlSpanNode { Kind = YamlSpanKind.Sequence, Flow = sequenceStart.Style == SequenceStyle.Flow, Start = (int)sequenceStart.Start.Index, End = (int)sequenceStart.End.Index, Line = (int)sequenceStart.Start.Line, Column = (int)sequenceStart.Start.Column };
                ParsingEvent item;
                for (item = Next(parser); item is not SequenceEnd; item = Next(parser))
                {
                    YamlSpanNode read = ReadNode(text, parser, item);
                    node.Items.Add(read);
                    node.End = Math.Max(node.End, read.End);
                }

                node.End = node.Flow ? FlowEnd(text, item) : node.End;
                return node;
            }

            case MappingStart mappingStart:
            {
                var node = new YamlSpanNode { Kind = YamlSpanKind.Mapping, Flow = mappingStart.Style == MappingStyle.Flow, Start = (int)mappingStart.Start.Index, End = (int)mappingStart.End.Index, Line = (int)mappingStart.Start.Line, Column = (int)mappingStart.Start.Column };
                ParsingEvent key;
                for (key = Next(parser); key is not MappingEnd; key = Next(parser))
                {
                    YamlSpanNode keyNode = ReadNode(text, parser, key);
                    YamlSpanNode value = ReadNode(text, parser, Next(parser));
                    if (value.Kind == YamlSpanKind.Scalar && value.IsNull && value.Value.Length == 0 && keyNode.Kind == YamlSpanKind.Scalar)
                    {
                        // An empty value's marks point at whatever token follows; it sits, empty, right after its colon.
                        int colon = YamlSpanText.AfterColon(text, keyNode);
                        value.Start = colon;
                        value.End = colon;
                    }

                    node.Entries.Add((keyNode, value));
                    node.End = Math.Max(node.End, Math.Max(keyNode.End, value.End));
                }

                node.End = node.Flow ? FlowEnd(text, key) : node.End;
                return node;
            }

            default:
                throw new YamlException(start.Start, start.End, $"unexpected {start.GetType().Name}");
        }
    }

    /// <summary>After a flow collection's closing bracket (YamlDotNet's end event marks the bracket itself).</summary>
    private static int FlowEnd(string text, ParsingEvent end)
    {
        int at = (int)end.Start.Index;
        return at < text.Length && text[at] is '}' or ']' ? at + 1 : Math.Max(at, (int)end.End.Index);
    }

    private static ParsingEvent Next(Parser parser) =>
        parser.MoveNext() && parser.Current is { } current ? current : throw new YamlException("the YAML ends unexpectedly");
}
