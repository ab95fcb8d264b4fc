using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Budget;

/// <summary>
/// The spec's budget in the unit the allocation works in: bytes (for a rate or a byte count, with the
/// quantizer's exact costs) or stored values (for a parameter count). Matrices that are partitioned
/// separately share it in proportion to their original size.
/// </summary>
internal sealed class BudgetPlan
{
    private BudgetPlan(BudgetKind kind, long originalBytes, long originalParameters, long total, IStorageCost cost, SourceLocation location)
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

    /// <summary>The budget in the allocation's unit (bytes, or values for a parameter budget).</summary>
    public long Total { get; }

    public IStorageCost Cost { get; }

    public SourceLocation Location { get; }

    public bool CountsBytes => Kind != BudgetKind.Parameters;

    public static BudgetPlan Create(BudgetSpec budget, IReadOnlyList<ResolvedMatrix> matrices, IStorageCost quantizerCost)
    {
        long originalBytes = matrices.Sum(m => m.OriginalBytes);
        long originalParameters = matrices.Sum(m => m.OriginalParameters);
        var parted = new PartedStorageCost(quantizerCost);
        return budget.Kind switch
        {
            BudgetKind.Rate => new BudgetPlan(budget.Kind, originalBytes, originalParameters, (long)Math.Floor(originalBytes / budget.Value), parted, budget.Location),
            BudgetKind.Bytes => new BudgetPlan(budget.Kind, originalBytes, originalParameters, (long)budget.Value, parted, budget.Location),
            _ => new BudgetPlan(budget.Kind, originalBytes, originalParameters, (long)budget.Value, ParameterCost.Instance, budget.Location),
        };
    }

    /// <summary>The part of the budget for matrices whose original size is <paramref name="originalBytes"/> bytes / <paramref name="originalParameters"/> values.</summary>
    public long Share(long originalBytes, long originalParameters)
    {
        decimal part = CountsBytes
            ? (decimal)originalBytes / OriginalBytes
            : (decimal)originalParameters / OriginalParameters;
        return (long)Math.Floor(Total * part);
    }

    /// <summary>The budget left for factors once a map of <paramref name="mapBytes"/> is paid for.</summary>
    public long AfterMap(long share, long mapBytes, string what)
    {
        long left = CountsBytes ? share - mapBytes : share;
        if (left <= 0)
        {
            throw new GroupReduceException(
                ErrorCodes.BudgetTooSmall,
                $"the budget for {what} is {share.ToString("N0", CultureInfo.InvariantCulture)} bytes, but its row→group map alone takes {mapBytes.ToString("N0", CultureInfo.InvariantCulture)}; raise the budget or use fewer groups",
                Location);
        }

        return left;
    }

    public string Describe() => Kind switch
    {
        BudgetKind.Rate => $"{(double)OriginalBytes / Total:0.###}x ({Total:N0} bytes of {OriginalBytes:N0})",
        BudgetKind.Bytes => $"{Total:N0} bytes ({(double)OriginalBytes / Total:0.###}x of {OriginalBytes:N0})",
        _ => $"{Total:N0} parameters ({(double)OriginalParameters / Total:0.###}x of {OriginalParameters:N0})",
    };
}
