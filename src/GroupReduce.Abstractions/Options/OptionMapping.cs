namespace GroupReduce.Abstractions.Options;

/// <summary>A mapping of option keys to values, in the order written. Keys are unique (the host rejects duplicates).</summary>
public sealed class OptionMapping : OptionNode
{
    /// <summary>Creates a mapping.</summary>
    /// <param name="entries">The entries in the order written.</param>
    /// <param name="location">Where it starts.</param>
    public OptionMapping(IReadOnlyList<OptionEntry> entries, SourceLocation location)
        : base(location) => Entries = entries ?? throw new ArgumentNullException(nameof(entries));

    /// <summary>The entries in the order written.</summary>
    public IReadOnlyList<OptionEntry> Entries { get; }

    /// <inheritdoc />
    public override string KindName => "a mapping";

    /// <summary>Finds the entry with the given key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    public OptionEntry? Find(string key)
    {
        foreach (OptionEntry entry in Entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}
