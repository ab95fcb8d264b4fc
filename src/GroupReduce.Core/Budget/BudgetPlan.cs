using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Budget;

/// <summary>
/// The spec's budget in the unit the spec gave it, which the allocation works in: bytes (for a rate or a byte
/// count, with the quantizer's exact costs) or stored values (for a parameter count). Matrices that are
/// partitioned separately share it in proportion to their original size; every share keeps the unit
/// (<see cref="CostAmount"/>), down to the partitioner's <see cref="RankAllocationRequest.Budget"/>.
/// </summary>
internal sealed class BudgetPlan
{
    private BudgetPlan(BudgetKind kind, long originalBytes, long originalParameters, CostAmount total, IStorageCost cost, SourceLocation location)
    {
        Kind = kind;
        OriginalBytes = originalBytes;
        OriginalParameters = originalParameters;
        Total = total;
        Cost = cost;
        Location = location;
    }

    public BudgetKind Kind { get; }

    public long OriginalBytes { get; }

    public long OriginalParameters { get; }

    /// <summary>The whole budget, in the unit the spec gave it (bytes, or stored values for a parameter budget).</summary>
    public CostAmount Total { get; }

    /// <summary>The cost of a factor tensor, in <see cref="Unit"/>.</summary>
    public IStorageCost Cost { get; }

    public SourceLocation Location { get; }

    /// <summary>What the budget, its shares and <see cref="Cost"/> count.</summary>
    public CostUnit Unit => Total.Unit;

    /// <summary>Whether the budget counts bytes, so maps, row starts and index bytes are paid from it too.</summary>
    public bool CountsBytes => Unit == CostUnit.Bytes;

    public static BudgetPlan Create(BudgetSpec budget, IReadOnlyList<ResolvedMatrix> matrices, IStorageCost quantizerCost)
    {
        long originalBytes = matrices.Sum(m => m.OriginalBytes);
        long originalParameters = matrices.Sum(m => m.OriginalParameters);
        var parted = new PartedStorageCost(quantizerCost);
        return budget.Kind switch
        {
            BudgetKind.Rate => new BudgetPlan(budget.Kind, originalBytes, originalParameters, new CostAmount((long)Math.Floor(originalBytes / budget.Value), CostUnit.Bytes), parted, budget.Location),
            BudgetKind.Bytes => new BudgetPlan(budget.Kind, originalBytes, originalParameters, new CostAmount((long)budget.Value, CostUnit.Bytes), parted, budget.Location),
            _ => new BudgetPlan(budget.Kind, originalBytes, originalParameters, new CostAmount((long)budget.Value, CostUnit.Parameters), ParameterCost.Instance, budget.Location),
        };
    }

    /// <summary>The part of the budget for matrices whose original size is <paramref name="originalBytes"/> bytes / <paramref name="originalParameters"/> values.</summary>
    public CostAmount Share(long originalBytes, long originalParameters)
    {
        decimal part = CountsBytes
            ? (decimal)originalBytes / OriginalBytes
            : (decimal)originalParameters / OriginalParameters;
        return Total.With((long)Math.Floor(Total.Value * part));
    }

    /// <summary>
    /// The budget left for factors once a map of <paramref name="mapBytes"/> is paid for. A parameter budget counts
    /// stored values, so the map (bytes, not parameters) is not taken from it.
    /// </summary>
    public CostAmount AfterMap(CostAmount share, long mapBytes, string what)
    {
        CostAmount left = CountsBytes ? share.With(share.Value - mapBytes) : share;
        if (left.Value > 0)
        {
            return left;
        }

        throw new GroupReduceException(
            ErrorCodes.BudgetTooSmall,
            CountsBytes
                ? $"the budget for {what} is {share}, but its row→group map alone takes {mapBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes; raise the budget or use fewer groups"
                : $"the budget for {what} is {share} (its share of {Total}), which leaves nothing for its factors; raise the budget",
            Location);
    }

    public string Describe() => Kind switch
    {
        BudgetKind.Rate => $"{(double)OriginalBytes / Total.Value:0.###}x ({Total} of {OriginalBytes:N0})",
        BudgetKind.Bytes => $"{Total} ({(double)OriginalBytes / Total.Value:0.###}x of {OriginalBytes:N0})",
        _ => $"{Total} ({(double)OriginalParameters / Total.Value:0.###}x of {OriginalParameters:N0})",
    };
}
