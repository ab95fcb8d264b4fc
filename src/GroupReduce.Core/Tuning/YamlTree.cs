namespace GroupReduce.Core.Tuning;

/// <summary>New keys to write into a spec: each value is YAML scalar text or another tree.</summary>
internal sealed class YamlTree
{
    /// <summary>The entries in the order written; a value is a <see cref="string"/> (scalar text) or a <see cref="YamlTree"/>.</summary>
    public List<KeyValuePair<string, object>> Entries { get; } = [];

    /// <summary>A tree holding one path down to a value.</summary>
    public static YamlTree Path(IReadOnlyList<string> keys, object value)
    {
        var tree = new YamlTree();
        tree.Set(keys, value);
        return tree;
    }

    /// <summary>Sets a path, replacing what is there.</summary>
    public void Set(IReadOnlyList<string> keys, object value)
    {
        int at = Entries.FindIndex(e => e.Key == keys[0]);
        object next = keys.Count == 1 ? value : (at >= 0 && Entries[at].Value is YamlTree child ? Sub(child, keys, value) : Path(keys.Skip(1).ToList(), value));
        if (at >= 0)
        {
            Entries[at] = new(keys[0], next);
        }
        else
        {
            Entries.Add(new(keys[0], next));
        }
    }

    private static YamlTree Sub(YamlTree child, IReadOnlyList<string> keys, object value)
    {
        child.Set(keys.Skip(1).ToList(), value);
        return child;
    }
}
