using System.Globalization;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Sweep;

/// <summary>One budget of a sweep: a compression rate (<c>6.6x</c>) or a byte count.</summary>
/// <param name="Kind">Rate or bytes (parameter counts are not swept: their byte size depends on the quantizer, so they do not compare across it).</param>
/// <param name="Value">The rate (above 1) or the whole number of bytes.</param>
public sealed record SweepBudget(BudgetKind Kind, double Value)
{
    /// <summary>A rate budget.</summary>
    /// <param name="rate">The rate, above 1.</param>
    /// <returns>The budget.</returns>
    public static SweepBudget Rate(double rate) => new(BudgetKind.Rate, rate);

    /// <summary>A byte budget.</summary>
    /// <param name="bytes">The bytes, above 0.</param>
    /// <returns>The budget.</returns>
    public static SweepBudget Bytes(long bytes) => new(BudgetKind.Bytes, bytes);

    /// <summary>The budget as written in tables and file names: <c>6.6x</c> or <c>50000B</c>.</summary>
    public string Label => Kind == BudgetKind.Rate
        ? Value.ToString("0.###", CultureInfo.InvariantCulture) + "x"
        : Value.ToString("0", CultureInfo.InvariantCulture) + "B";
}
