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
        var reader = MappingReader.ForOptionalBlock(entry, root, "refinement", "iterations", "min_moved_fraction", "ranks", "rescore_margin");
        return new RefinementSpec
        {
            Iterations = reader.Read("iterations", 3, (node, what) => ValueReader.Integer(node, what, 0, 1000)),
            MinMovedFraction = reader.Read(
                "min_moved_fraction", 0.001, (node, what) => ValueReader.Real(node, what, "a number from 0 to 1", value => value is >= 0 and <= 1)),
            Ranks = reader.Read("ranks", RankUpdate.Rederive, (node, what) => ValueReader.Word(node, what, SpecWords.RankUpdates)),
            RescoreMargin = reader.Read(
                "rescore_margin", RefinementSpec.DefaultRescoreMargin, (node, what) => ValueReader.Real(node, what, "a number from 0 to 1", value => value is >= 0 and <= 1)),
            Location = reader.Location,
        };
    }
}
