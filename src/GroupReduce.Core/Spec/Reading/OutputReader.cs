using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>output</c>; every key is optional.</summary>
internal static class OutputReader
{
    /// <summary>Reads the block, or gives the defaults when it is absent.</summary>
    /// <param name="entry">The <c>output</c> entry, or <see langword="null"/>.</param>
    /// <param name="root">Where the top-level mapping starts (the defaults' location when the block is absent).</param>
    /// <param name="paths">Resolves the artifact path.</param>
    /// <returns>The output settings.</returns>
    public static OutputSpec Read(SpecEntry? entry, SourceLocation root, SpecPaths paths)
    {
        var reader = MappingReader.ForOptionalBlock(entry, root, "output", "path", "report");
        return new OutputSpec
        {
            Path = reader.Get("path") is { } path ? paths.Resolve(path.Value, reader.PathOf("path")) : null,
            Report = reader.Read("report", true, ValueReader.Boolean),
            Location = reader.Location,
        };
    }
}
