using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads a plugin reference: <c>solver: cpu</c> or <c>solver: { name: cpu, sha256: …, options: { … } }</c>.</summary>
internal static class PluginReferenceReader
{
    /// <summary>Reads the reference, or gives the default plugin when the key is absent.</summary>
    /// <param name="entry">The entry (<c>partitioner</c>, <c>solver</c>, <c>quantizer</c>), or <see langword="null"/>.</param>
    /// <param name="key">The key, for messages.</param>
    /// <param name="defaultName">The plugin used when the key is absent.</param>
    /// <param name="root">Where the top-level mapping starts (the default's location).</param>
    /// <returns>The reference; its options are converted but not validated.</returns>
    public static PluginReference Read(SpecEntry? entry, string key, string defaultName, SourceLocation root)
    {
        if (entry is null)
        {
            return new PluginReference
            {
                Name = ValueReader.Default(defaultName, root),
                Options = new OptionMapping([], root),
                Location = root,
            };
        }

        const string Expected = "a plugin name (e.g. cpu) or a mapping { name: …, sha256: …, options: { … } }";
        switch (entry.Value)
        {
            case SpecScalar:
                SpecValue<string> name = ValueReader.Text(entry.Value, key, Expected);
                return new PluginReference { Name = name, Options = new OptionMapping([], name.Location), Location = entry.Key.Location };

            case SpecMapping:
                var reader = new MappingReader(entry.Value, entry.Key.Location, key, "name", "sha256", "options");
                SpecValue<string> mappedName = ValueReader.Text(reader.Require("name", "name: " + defaultName).Value, reader.PathOf("name"), "a plugin name");
                OptionMapping options = reader.Get("options") is { } optionsEntry
                    ? OptionTreeConverter.Convert(optionsEntry.Value, reader.PathOf("options"))
                    : new OptionMapping([], mappedName.Location);
                SpecValue<string>? sha256 = reader.Get("sha256") is { } hashEntry ? ReadSha256(hashEntry.Value, reader.PathOf("sha256")) : null;
                return new PluginReference { Name = mappedName, Options = options, Sha256 = sha256, Location = entry.Key.Location };

            default:
                throw new GroupReduceException(
                    SpecErrorCodes.WrongType, $"'{key}' must be {Expected}, not {entry.Value.Describe()}", entry.Value.Location);
        }
    }

    /// <summary>Whether <paramref name="hash"/> (trimmed) is a sha256 as sha256sum prints it: 64 hex digits, either case.</summary>
    public static bool IsSha256(string hash) => hash.Length == 64 && hash.All(char.IsAsciiHexDigit);

    private static SpecValue<string> ReadSha256(SpecNode node, string what)
    {
        const string Expected = "the sha256 of the plugin's dll as 64 hex digits (e.g. from 'sha256sum MyPlugin.dll')";
        SpecValue<string> text = ValueReader.Text(node, what, Expected);
        string hash = text.Value.Trim();
        if (!IsSha256(hash))
        {
            throw new GroupReduceException(SpecErrorCodes.InvalidHash, $"'{what}' must be {Expected}, not '{text.Value}'", text.Location);
        }

        // Lower case, as sha256sum prints it, so that the mismatch message compares like with like.
        return text with { Value = hash.ToLowerInvariant() };
    }
}
