using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Core.Budget;

/// <summary>
/// Counts stored values instead of bytes, for budgets given in parameters (<see cref="CostUnit.Parameters"/>):
/// <see cref="IStorageCost.TensorBytes"/> keeps its contract 1.0 name but returns a value count here.
/// </summary>
internal sealed class ParameterCost : IStorageCost
{
    public static ParameterCost Instance { get; } = new();

    public long TensorBytes(long rows, int columns) => rows * columns;
}
