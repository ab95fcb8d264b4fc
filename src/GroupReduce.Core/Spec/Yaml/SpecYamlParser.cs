using GroupReduce.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GroupReduce.Core.Spec.Yaml;

/// <summary>
/// Reads spec text into <see cref="SpecNode"/>s from YamlDotNet's parser events, keeping each node's
/// position, rejecting duplicate keys and more than one document, and resolving aliases to the nodes
/// their anchors name. Every failure is a <see cref="GroupReduceException"/> at a line and column.
/// </summary>
internal sealed class SpecYamlParser
{
    // Nodes are read recursively; a hostile "[[[[…" must end in an error, not a stack overflow.
    private const int MaxDepth = 64;

    // Aliases share nodes, but anything that walks the tree visits a shared node once per alias: a
    // "billion laughs" of nested aliases must end here, counted as the tree would be walked.
    private const long MaxExpandedNodes = 100_000;

    private static readonly HashSet<string> NullWords = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    private readonly string _file;
    private readonly string _text;
    private readonly Scanner _scanner;
    private readonly Parser _parser;
    private readonly Dictionary<string, (SpecNode Node, long Size)> _anchors = new(StringComparer.Ordinal);

    private SpecYamlParser(string text, string file)
    {
        _text = text;
        _file = file;
        _scanner = new Scanner(new StringReader(text));
        _parser = new Parser(_scanner);
    }

    /// <summary>Parses one YAML document.</summary>
    /// <param name="text">The spec text (without a byte order mark).</param>
    /// <param name="file">The file name used in locations.</param>
    /// <returns>The document's root node; never YAML null.</returns>
    /// <exception cref="GroupReduceException">The text is not one non-empty YAML document.</exception>
    public static SpecNode Parse(string text, string file) => new SpecYamlParser(text, file).ReadStream();

    private SpecNode ReadStream()
    {
        Next();
        ParsingEvent first = Next();
        if (first is StreamEnd)
        {
            throw EmptySpec();
        }

        SpecNode root = ReadNode(Next(), 0, out _);
        Next();
        if (Next() is DocumentStart second)
        {
            throw new GroupReduceException(
                SpecErrorCodes.MultipleDocuments,
                "the spec holds more than one YAML document; a spec is one document: remove this '---' and everything after it, or merge the documents",
                At(second.Start));
        }

        return root is SpecScalar { IsNull: true } ? throw EmptySpec() : root;
    }

    private SpecNode ReadNode(ParsingEvent start, int depth, out long size)
    {
        SpecNode node = ReadNodeOnly(start, depth, out size);
        if (size > MaxExpandedNodes)
        {
            throw new GroupReduceException(
                SpecErrorCodes.YamlTooLarge,
                $"the YAML here expands to more than {MaxExpandedNodes} nodes once its aliases are followed; a spec needs far fewer. Write the values out instead of nesting aliases",
                At(start.Start));
        }

        return node;
    }

    private SpecNode ReadNodeOnly(ParsingEvent start, int depth, out long size)
    {
        size = 1;
        if (depth > MaxDepth)
        {
            throw Syntax($"the YAML nests deeper than {MaxDepth} levels", start.Start);
        }

        switch (start)
        {
            case AnchorAlias alias:
                if (_anchors.TryGetValue(alias.Value.Value, out (SpecNode Node, long Size) target))
                {
                    size = target.Size;
                    return target.Node;
                }

                throw Syntax($"alias '*{alias.Value.Value}' names no anchor '&{alias.Value.Value}' defined before it", alias.Start);

            case Scalar scalar:
                var node = new SpecScalar(scalar.Value, scalar.IsPlainImplicit && NullWords.Contains(scalar.Value), At(scalar.Start));
                return Anchor(scalar.Anchor, node, size);

            case SequenceStart sequence:
                var items = new List<SpecNode>();
                for (ParsingEvent item = Next(); item is not SequenceEnd; item = Next())
                {
                    items.Add(ReadNode(item, depth + 1, out long itemSize));
                    size = Grow(size, itemSize, sequence.Start);
                }

                return Anchor(sequence.Anchor, new SpecSequence(items, At(sequence.Start)), size);

            case MappingStart mapping:
                SpecMapping read = ReadMapping(mapping, depth, out size);
                return Anchor(mapping.Anchor, read, size);

            default:
                throw Syntax($"unexpected {start.GetType().Name}", start.Start);
        }
    }

    private SpecMapping ReadMapping(MappingStart mapping, int depth, out long size)
    {
        size = 1;
        var entries = new List<SpecEntry>();
        var seen = new Dictionary<string, SpecScalar>(StringComparer.Ordinal);
        for (ParsingEvent keyEvent = Next(); keyEvent is not MappingEnd; keyEvent = Next())
        {
            SpecNode keyNode = ReadNode(keyEvent, depth + 1, out long keySize);
            size = Grow(size, keySize, mapping.Start);
            if (keyNode is not SpecScalar key)
            {
                throw new GroupReduceException(
                    SpecErrorCodes.WrongType,
                    $"a key must be plain text, not {keyNode.Describe()}",
                    keyNode.Location);
            }

            if (seen.TryGetValue(key.Value, out SpecScalar? first))
            {
                throw new GroupReduceException(
                    SpecErrorCodes.DuplicateKey,
                    $"duplicate key '{key.Value}': it is already set at line {first.Location.Line}, column {first.Location.Column}; keep one of them",
                    key.Location);
            }

            seen.Add(key.Value, key);
            entries.Add(new SpecEntry(key, ReadNode(Next(), depth + 1, out long valueSize)));
            size = Grow(size, valueSize, mapping.Start);
        }

        return new SpecMapping(entries, At(mapping.Start));
    }

    private SpecNode Anchor(AnchorName anchor, SpecNode node, long size)
    {
        // Registered only once the node is complete, so a node cannot contain an alias to itself.
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (node, size);
        }

        return node;
    }

    private long Grow(long size, long more, Mark at)
    {
        long total = size + more;
        if (total > MaxExpandedNodes)
        {
            throw new GroupReduceException(
                SpecErrorCodes.YamlTooLarge,
                $"the YAML here expands to more than {MaxExpandedNodes} nodes once its aliases are followed; a spec needs far fewer. Write the values out instead of nesting aliases",
                At(at));
        }

        return total;
    }

    private ParsingEvent Next()
    {
        try
        {
            return _parser.MoveNext() && _parser.Current is { } current
                ? current
                : throw Syntax("the YAML ends unexpectedly", _scanner.CurrentPosition);
        }
        catch (YamlException ex)
        {
            throw Syntax(ex.Message, ex.Start, ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet 18.1.0's scanner throws this instead of a YamlException on some malformed
            // input (an unclosed '[' followed by more lines); the scanner's position is where it stopped.
            throw Syntax("the YAML cannot be read here; look above for an unclosed '[', '{' or quote", _scanner.CurrentPosition, ex);
        }
        catch (ArgumentException ex)
        {
            // Likewise for a malformed tag such as '!!,': YamlDotNet 18.1.0 throws ArgumentException.
            string reason = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw Syntax($"the YAML cannot be read here: {reason}", _scanner.CurrentPosition, ex);
        }
    }

    private GroupReduceException Syntax(string problem, Mark mark, Exception? inner = null)
    {
        SourceLocation location = At(mark);
        string hint = string.Empty;
        if (problem.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindIndentingTab(location.Line) is { } tab)
        {
            // YamlDotNet marks where the construct started, often the line above the tab; point at the tab.
            location = tab;
            hint = "; YAML does not allow tabs in indentation: indent with spaces";
        }

        string text = problem.TrimEnd('.');
        if (text.Length > 0)
        {
            text = char.ToLowerInvariant(text[0]) + text[1..];
        }

        return new GroupReduceException(SpecErrorCodes.YamlSyntax, $"YAML syntax error: {text}{hint}", location, inner);
    }

    private SourceLocation? FindIndentingTab(int fromLine)
    {
        string[] lines = _text.Split('\n');
        for (int index = Math.Max(fromLine - 1, 0); index < lines.Length; index++)
        {
            string line = lines[index];
            for (int column = 0; column < line.Length && (line[column] == ' ' || line[column] == '\t'); column++)
            {
                if (line[column] == '\t')
                {
                    return new SourceLocation(_file, index + 1, column + 1);
                }
            }
        }

        return null;
    }

    private GroupReduceException EmptySpec() => new(
        SpecErrorCodes.EmptySpec,
        "the spec is empty; it needs at least 'version: 1', 'matrices' (an ONNX model's graph may name them instead), 'frequencies' and 'budget' (see docs/spec.md)",
        new SourceLocation(_file, 1, 1));

    private SourceLocation At(Mark mark) => new(_file, (int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));
}
