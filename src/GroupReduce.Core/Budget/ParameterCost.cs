using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Core.Budget;

/// <summary>Counts stored values instead of bytes, for budgets given in parameters.</summary>
internal sealed class ParameterCost : IStorageCost
{
    public static ParameterCost Instance { get; } = new();

    public long TensorBytes(long rows, int columns) => rows * columns;
}
