namespace GroupReduce.Abstractions.Partitioning;

/// <summary>
/// What a budget and the cost of a stored tensor count, as the spec gave the budget: bytes for a
/// <c>rate:</c> or <c>bytes:</c> budget, stored values for a <c>parameters:</c> budget.
/// </summary>
public enum CostUnit
{
    /// <summary>Bytes on disk, everything included (the quantizer's exact size of every factor).</summary>
    Bytes,

    /// <summary>Stored values (a <c>rows x columns</c> tensor costs <c>rows * columns</c>), whatever their encoding.</summary>
    Parameters,
}
