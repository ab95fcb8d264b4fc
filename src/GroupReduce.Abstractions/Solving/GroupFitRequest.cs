namespace GroupReduce.Abstractions.Solving;

/// <summary>One group to fit: its rows and the rank of its basis.</summary>
public sealed class GroupFitRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="groupId">The group's index; stable across refinement iterations, so a solver may cache per group.</param>
    /// <param name="rows">The group's rows, strictly increasing.</param>
    /// <param name="rank">The basis rank, from 1 to the matrix's column count.</param>
    public GroupFitRequest(int groupId, ReadOnlyMemory<int> rows, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        GroupId = groupId;
        Rows = rows;
        Rank = rank;
    }

    /// <summary>The group's index.</summary>
    public int GroupId { get; }

    /// <summary>The group's rows, strictly increasing.</summary>
    public ReadOnlyMemory<int> Rows { get; }

    /// <summary>The basis rank.</summary>
    public int Rank { get; }
}
