namespace GroupReduce.Core.Spec;

/// <summary>What happens to ranks during refinement.</summary>
public enum RankUpdate
{
    /// <summary>Ranks stay as first allocated; moves are limited by the budget.</summary>
    Fixed,

    /// <summary>The partitioner re-allocates ranks for the new groups after every reassignment.</summary>
    Rederive,
}
