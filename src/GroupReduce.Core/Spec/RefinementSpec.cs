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
    /// How much a round after the first may leave unscored (default <see cref="DefaultRescoreMargin"/>): it scores again only
    /// the (row, group) scores that can change its decisions, those within this fraction of the row's weighted energy of a
    /// move plus what the refits moved the scores by (<c>RefinementScores</c>). 0 scores every row every round.
    /// </summary>
    public required SpecValue<double> RescoreMargin { get; init; }

    /// <summary>
    /// The default <see cref="RescoreMargin"/>: on the OBW-shaped benchmark's full scale it scored 2.6–3.0 % of the rows' worth
    /// in the second and third rounds and moved the same rows as full scoring, and on the Brown models and the tests' small
    /// problems it gave full scoring's objective (docs/results/refinement.md).
    /// </summary>
    public const double DefaultRescoreMargin = 0.02;

    /// <summary>Where the block's key (<c>refinement:</c>) is written, or the top of the spec when the block is absent; defaults point here.</summary>
    public required SourceLocation Location { get; init; }
}
