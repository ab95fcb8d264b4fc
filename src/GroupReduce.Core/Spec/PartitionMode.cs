namespace GroupReduce.Core.Spec;

/// <summary>How matrices on one vocabulary are grouped.</summary>
public enum PartitionMode
{
    /// <summary>One row→group map for all of them; a row's score sums its errors in every matrix.</summary>
    Shared,

    /// <summary>Each matrix is grouped on its own.</summary>
    Independent,

    /// <summary>Run both, keep the one with the lower weighted error, and report both.</summary>
    Best,
}
