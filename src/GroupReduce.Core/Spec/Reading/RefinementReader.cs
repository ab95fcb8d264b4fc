using GroupReduce.Abstractions;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>Reads <c>refinement</c>; every key is optional.</summary>
internal static class RefinementReader
{
    /// <summary>Reads the block, or gives the defaults when it is absent.</summary>
    /// <param name="entry">The <c>refinement</c> entry, or <see langword="null"/>.</param>
    /// <param name="root">Where the top-level mapping starts (the defaults' location when the block is absent).</param>
    /// <returns>The refinement settings.</returns>
    public static RefinementSpec Read(SpecEntry? entry, SourceLocation root)
    {
        MappingReader? reader = entry is null
            ? null
            : new MappingReader(entry.Value, entry.Key.Location, "refinement", "iterations", "min_moved_fraction", "ranks");
        SourceLocation at = reader?.Location ?? root;
        return new RefinementSpec
        {
            Iterations = reader?.Get("iterations") is { } iterations
                ? ValueReader.Integer(iterations.Value, reader.PathOf("iterations"), 0, 1000)
                : ValueReader.Default(3, at),
            MinMovedFraction = reader?.Get("min_moved_fraction") is { } fraction
                ? ValueReader.Real(fraction.Value, reader.PathOf("min_moved_fraction"), "a number from 0 to 1", value => value is >= 0 and <= 1)
                : ValueReader.Default(0.001, at),
            Ranks = reader?.Get("ranks") is { } ranks
                ? ValueReader.Word(ranks.Value, reader.PathOf("ranks"), SpecWords.RankUpdates)
                : ValueReader.Default(RankUpdate.Rederive, at),
            Location = at,
        };
    }
}
