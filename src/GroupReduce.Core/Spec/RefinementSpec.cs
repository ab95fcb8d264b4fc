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

    /// <summary>Where the block's key (<c>refinement:</c>) is written, or the top of the spec when the block is absent; defaults point here.</summary>
    public required SourceLocation Location { get; init; }
}
