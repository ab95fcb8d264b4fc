namespace GroupReduce.Abstractions.Partitioning;

/// <summary>What a partitioner gets to build the initial grouping of one vocabulary.</summary>
public sealed class PartitionRequest
{
    /// <summary>Creates the request.</summary>
    /// <param name="frequencies">One positive frequency per row.</param>
    /// <param name="groupCount">How many groups to make.</param>
    /// <param name="matrixColumns">The column count of every matrix that will share the grouping.</param>
    public PartitionRequest(ReadOnlyMemory<double> frequencies, int groupCount, IReadOnlyList<int> matrixColumns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        ArgumentNullException.ThrowIfNull(matrixColumns);
        Frequencies = frequencies;
        GroupCount = groupCount;
        MatrixColumns = matrixColumns;
    }

    /// <summary>One positive frequency per row.</summary>
    public ReadOnlyMemory<double> Frequencies { get; }

    /// <summary>How many groups to make.</summary>
    public int GroupCount { get; }

    /// <summary>The column count of every matrix that will share the grouping.</summary>
    public IReadOnlyList<int> MatrixColumns { get; }
}
