using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>Refinement: reassigning rows to the group whose basis reconstructs them best.</summary>
public sealed class RefinementSpec
{
    /// <summary>The most iterations (default 3; 0 turns refinement off).</summary>
    public required SpecValue<int> Iterations { get; init; }

    /// <summary>Stop early when fewer than this fraction of rows move (default 0.001).</summary>
    public required SpecValue<double> MinMovedFraction { get; init; }

    /// <summary>Whether ranks are re-derived after each reassignment (default rederive).</summary>
    public required SpecValue<RankUpdate> Ranks { get; init; }

    /// <summary>
    /// When above 0, a round after the first scores only the rows that moved since they were scored, the rows never
    /// scored, and the rows whose kept scores put them within this fraction of their weighted energy of moving; the
    /// others stay where they are. 0 (the default, <see cref="DefaultRescoreMargin"/>) scores every row every round.
    /// </summary>
    public required SpecValue<double> RescoreMargin { get; init; }

    /// <summary>
    /// The default <see cref="RescoreMargin"/>: off, because every margin measured cost some objective (docs/results/refinement.md),
    /// and the default keeps refinement's result that of a full scoring.
    /// </summary>
    public const double DefaultRescoreMargin = 0;

    /// <summary>Where the block's key (<c>refinement:</c>) is written, or the top of the spec when the block is absent; defaults point here.</summary>
    public required SourceLocation Location { get; init; }
}
