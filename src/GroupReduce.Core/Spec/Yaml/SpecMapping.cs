using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec.Yaml;

/// <summary>A mapping node whose keys are unique scalars, in the order written.</summary>
internal sealed class SpecMapping(IReadOnlyList<SpecEntry> entries, SourceLocation location) : SpecNode(location)
{
    /// <summary>The entries in the order written.</summary>
    public IReadOnlyList<SpecEntry> Entries { get; } = entries;

    /// <summary>Finds the entry with the given key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The entry, or <see langword="null"/>.</returns>
    public SpecEntry? Find(string key)
    {
        foreach (SpecEntry entry in Entries)
        {
            if (string.Equals(entry.Name, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string Describe() => "a mapping";
}
