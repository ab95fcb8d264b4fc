using GroupReduce.Abstractions;
using YamlDotNet.Core;

namespace GroupReduce.Core.Tuning;

/// <summary>
/// Sets a key path (<c>refinement.iterations</c>, <c>partitioner.options.allocation</c>) in a spec's text, in place:
/// a value is replaced where it is written, a missing key is added at the end of its mapping (in block or flow
/// style, as the mapping is written), and comments, order and quoting elsewhere stay as they were. The text that
/// comes out is meant for the spec loader, which validates it; this class only knows YAML, not which keys a spec has.
/// </summary>
internal static class SpecTextEditor
{
    private const string Bom = "\uFEFF";

    /// <summary>Sets <paramref name="keys"/> to a scalar or a tree of new keys.</summary>
    /// <param name="text">The spec text.</param>
    /// <param name="file">The spec's path, for error locations.</param>
    /// <param name="keys">The key path (a list item by its position from 0).</param>
    /// <param name="value">YAML scalar text (a <see cref="string"/>) or a <see cref="YamlTree"/>.</param>
    /// <returns>The edited text.</returns>
    /// <exception cref="GroupReduceException">GR1240: the path cannot be set in this text.</exception>
    public static string Set(string text, string file, IReadOnlyList<string> keys, object value)
    {
        bool bom = text.StartsWith(Bom, StringComparison.Ordinal);
        string yaml = bom ? text[1..] : text;
        YamlSpanNode root;
        try
        {
            root = YamlSpanReader.Read(yaml);
        }
        catch (YamlException ex)
        {
            throw new GroupReduceException(TuneErrorCodes.InvalidAxis, $"the spec's YAML cannot be edited: {ex.Message}", new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column), ex);
        }

        string edited = new Edit(yaml, file, keys, value).Apply(root);
        return bom ? Bom + edited : edited;
    }

    private sealed class Edit(string text, string file, IReadOnlyList<string> keys, object value)
    {
        private readonly string _newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

        private string PathText => string.Join('.', keys);

        public string Apply(YamlSpanNode root)
        {
            YamlSpanNode node = root;
            for (int i = 0; i < keys.Count; i++)
            {
                string key = keys[i];
                bool last = i == keys.Count - 1;
                string at = string.Join('.', keys.Take(i));
                switch (node.Kind)
                {
                    case YamlSpanKind.Mapping:
                        if (node.Find(key) is not { } entry)
                        {
                            return Insert(node, keys.Skip(i).ToList());
                        }

                        if (last)
                        {
                            return SetEntry(node, entry.Key, entry.Value);
                        }

                        if (entry.Value.Kind == YamlSpanKind.Scalar)
                        {
                            // 'partitioner: frequency' with a path into its options: the plugin reference's mapping form.
                            YamlTree tree = entry.Value.IsNull ? new YamlTree() : YamlTree.Path(["name"], Source(entry.Value));
                            tree.Set(keys.Skip(i + 1).ToList(), value);
                            return ReplaceValue(node, entry.Key, entry.Value, tree);
                        }

                        node = entry.Value;
                        break;

                    case YamlSpanKind.Sequence:
                        if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index) || index >= node.Items.Count)
                        {
                            throw Invalid($"'{at}' is {node.Describe()}; name an item by its position from 0, e.g. {at}.0{(keys.Count > i + 1 ? "." + string.Join('.', keys.Skip(i + 1)) : string.Empty)}", node);
                        }

                        YamlSpanNode item = node.Items[index];
                        if (last)
                        {
                            return item.Kind == YamlSpanKind.Scalar && value is string scalar
                                ? Replace(item.Start, item.End, scalar)
                                : throw Invalid($"'{PathText}' is {item.Describe()} in the spec; tune sets single values: name a key inside it", item);
                        }

                        if (item.Kind == YamlSpanKind.Scalar)
                        {
                            throw Invalid($"'{string.Join('.', keys.Take(i + 1))}' is {item.Describe()}, which has no '{keys[i + 1]}'; write that list item as a mapping in the spec first", item);
                        }

                        node = item;
                        break;

                    case YamlSpanKind.Alias:
                        throw Invalid($"'{at}' is an alias (*name) to a node written elsewhere; write the value out in the spec to tune it", node);

                    default:
                        throw Invalid($"'{at}' is {node.Describe()}, which has no '{key}'", node);
                }
            }

            throw new InvalidOperationException("internal error: an empty key path");
        }

        private string SetEntry(YamlSpanNode mapping, YamlSpanNode key, YamlSpanNode current)
        {
            if (value is YamlTree)
            {
                return ReplaceValue(mapping, key, current, value);
            }

            string scalar = (string)value;
            switch (current.Kind)
            {
                case YamlSpanKind.Scalar when current.Start == current.End:
                    return Replace(current.Start, current.End, " " + scalar);
                case YamlSpanKind.Scalar:
                    return Replace(current.Start, current.End, scalar);
                case YamlSpanKind.Mapping when current.Find("name") is { Value.Kind: YamlSpanKind.Scalar } name:
                    // A plugin reference in its mapping form: its options belong to the plugin named, so they stay with it
                    // and go when another plugin is named (as sweep's quantizers do).
                    return ScalarValue(scalar) == name.Value.Value ? text : ReplaceValue(mapping, key, current, scalar);
                default:
                    string inside = current.Kind == YamlSpanKind.Mapping && current.Entries.Count > 0 ? $", e.g. {PathText}.{current.Entries[0].Key.Value}" : string.Empty;
                    throw Invalid($"'{PathText}' is {current.Describe()} in the spec; tune sets single values: name a key inside it{inside}", current);
            }
        }

        /// <summary>Replaces an entry's whole value (from just after its colon), in the mapping's style.</summary>
        private string ReplaceValue(YamlSpanNode mapping, YamlSpanNode key, YamlSpanNode current, object replacement)
        {
            int from = YamlSpanText.AfterColon(text, key);
            int to = Math.Max(from, current.End);
            if (replacement is string scalar)
            {
                return Replace(from, to, " " + scalar);
            }

            var tree = (YamlTree)replacement;
            if (mapping.Flow)
            {
                return Replace(from, to, " " + YamlSpanText.Flow(tree));
            }

            int indent = YamlSpanText.ColumnOf(text, key.Start) + IndentUnit(mapping);
            return Replace(from, to, _newline + new string(' ', indent) + YamlSpanText.Block(tree, indent, IndentUnit(mapping), _newline));
        }

        /// <summary>Adds the missing keys at the end of a mapping.</summary>
        private string Insert(YamlSpanNode mapping, IReadOnlyList<string> missing)
        {
            YamlTree tree = YamlTree.Path(missing, value);
            if (mapping.Flow)
            {
                int after = mapping.Entries.Count > 0 ? mapping.Entries[^1].Value.End : mapping.Start + 1;
                return Replace(after, after, (mapping.Entries.Count > 0 ? ", " : " ") + YamlSpanText.Flow(tree)[2..^2] + (mapping.Entries.Count > 0 ? string.Empty : " "));
            }

            int indent = YamlSpanText.ColumnOf(text, mapping.Entries[0].Key.Start);
            int at = YamlSpanText.LineEnd(text, mapping.End);
            string line = new string(' ', indent) + YamlSpanText.Block(tree, indent, IndentUnit(mapping), _newline);
            return at == text.Length && (text.Length == 0 || text[^1] == '\n')
                ? text + line + _newline
                : text[..at] + _newline + line + text[at..];
        }

        /// <summary>The file's indentation step: how far a nested block mapping sits from its parent's keys (2 when none does).</summary>
        private int IndentUnit(YamlSpanNode mapping)
        {
            foreach ((YamlSpanNode key, YamlSpanNode child) in mapping.Entries)
            {
                if (child is { Kind: YamlSpanKind.Mapping, Flow: false, Entries.Count: > 0 })
                {
                    int step = YamlSpanText.ColumnOf(text, child.Entries[0].Key.Start) - YamlSpanText.ColumnOf(text, key.Start);
                    if (step > 0)
                    {
                        return step;
                    }
                }
            }

            return 2;
        }

        private string Source(YamlSpanNode scalar) => text[scalar.Start..scalar.End];

        private string Replace(int from, int to, string with) => text[..from] + with + text[to..];

        private GroupReduceException Invalid(string message, YamlSpanNode at) =>
            new(TuneErrorCodes.InvalidAxis, $"--try {PathText}: {message}", new SourceLocation(file, at.Line, at.Column));

        /// <summary>What YAML reads from scalar text (quotes removed), to compare with a plugin's written name.</summary>
        private static string ScalarValue(string scalar) => TuneValue.Read(scalar) ?? scalar;
    }
}
