using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>
/// One mapping of the spec with the keys it may hold: rejects any other key on creation (with a
/// suggestion), then hands out entries by key. Messages name keys by their dotted path
/// (<c>frequencies.source</c>, <c>matrices[1].tensor</c>).
/// </summary>
internal sealed class MappingReader
{
    private readonly SpecMapping _mapping;
    private readonly string _path;

    /// <summary>Checks that <paramref name="node"/> is a mapping holding only <paramref name="keys"/>.</summary>
    /// <param name="node">The node.</param>
    /// <param name="location">Where the mapping is named (its key), used for missing keys and defaults.</param>
    /// <param name="path">The mapping's dotted path; empty for the top level.</param>
    /// <param name="keys">The valid keys in documented order.</param>
    /// <exception cref="GroupReduceException">The node is not a mapping, or holds an unknown key.</exception>
    public MappingReader(SpecNode node, SourceLocation location, string path, params string[] keys)
    {
        _path = path;
        Location = location;
        string name = path.Length == 0 ? "the top level" : $"'{path}'";
        string expected = $"a mapping with keys {string.Join(", ", keys)}";
        if (node is SpecScalar { IsNull: true })
        {
            throw new GroupReduceException(
                SpecErrorCodes.EmptyValue,
                $"{name} has no value; expected {expected}, or remove it to use the defaults",
                node.Location);
        }

        _mapping = node as SpecMapping ?? throw new GroupReduceException(
            SpecErrorCodes.WrongType,
            $"{name} must be {expected}, not {node.Describe()}",
            node.Location);

        foreach (SpecEntry entry in _mapping.Entries)
        {
            if (Array.IndexOf(keys, entry.Name) < 0)
            {
                throw new GroupReduceException(
                    SpecErrorCodes.UnknownKey,
                    $"unknown key '{entry.Name}' in {name}{NameSuggester.Hint(entry.Name, keys, "keys")}",
                    entry.Key.Location);
            }
        }
    }

    /// <summary>
    /// A reader for an optional block: the block's mapping when <paramref name="entry"/> is present,
    /// otherwise an empty mapping whose defaults point at <paramref name="absent"/>.
    /// </summary>
    /// <param name="entry">The block's entry, or <see langword="null"/>.</param>
    /// <param name="absent">Where defaults point when the block is absent (the top of the spec).</param>
    /// <param name="path">The block's dotted path.</param>
    /// <param name="keys">The valid keys in documented order.</param>
    /// <returns>The reader.</returns>
    public static MappingReader ForOptionalBlock(SpecEntry? entry, SourceLocation absent, string path, params string[] keys) =>
        entry is null
            ? new MappingReader(new SpecMapping([], absent), absent, path, keys)
            : new MappingReader(entry.Value, entry.Key.Location, path, keys);

    /// <summary>Where the mapping is named: the place missing keys and defaults point at.</summary>
    public SourceLocation Location { get; }

    /// <summary>The entries in the order written.</summary>
    public IReadOnlyList<SpecEntry> Entries => _mapping.Entries;

    /// <summary>The entry for <paramref name="key"/>.</summary>
    /// <param name="key">A valid key.</param>
    /// <returns>The entry, or <see langword="null"/> when absent.</returns>
    public SpecEntry? Get(string key) => _mapping.Find(key);

    /// <summary>The entry for a required <paramref name="key"/>.</summary>
    /// <param name="key">A valid key.</param>
    /// <param name="example">What to add, shown in the message (e.g. <c>tensor: encoder.weight</c>).</param>
    /// <returns>The entry.</returns>
    /// <exception cref="GroupReduceException">The key is absent.</exception>
    public SpecEntry Require(string key, string example) => Get(key) ?? throw new GroupReduceException(
        SpecErrorCodes.MissingKey,
        $"missing required key '{PathOf(key)}'; add e.g. '{example}'",
        Location);

    /// <summary>Reads an optional key, or gives its default located at this mapping.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">A valid key.</param>
    /// <param name="defaultValue">The value when the key is absent.</param>
    /// <param name="read">Reads the value from its node and dotted path.</param>
    /// <returns>The value.</returns>
    public SpecValue<T> Read<T>(string key, T defaultValue, Func<SpecNode, string, SpecValue<T>> read) =>
        Get(key) is { } entry ? read(entry.Value, PathOf(key)) : ValueReader.Default(defaultValue, Location);

    /// <summary>The dotted path of <paramref name="key"/> inside this mapping.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The path, e.g. <c>frequencies.source</c>.</returns>
    public string PathOf(string key) => _path.Length == 0 ? key : $"{_path}.{key}";
}
