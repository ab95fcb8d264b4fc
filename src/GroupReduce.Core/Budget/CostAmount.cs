using System.Globalization;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Core.Budget;

/// <summary>
/// An amount of budget with the unit the spec gave it in: bytes for <c>rate:</c> and <c>bytes:</c>, stored values
/// for <c>parameters:</c>. The number never travels without its unit, so no message calls values bytes.
/// </summary>
internal readonly record struct CostAmount(long Value, CostUnit Unit)
{
    /// <summary>The unit as messages write it (plural).</summary>
    public string UnitName => Unit == CostUnit.Parameters ? "parameters" : "bytes";

    /// <summary>The same unit with another value.</summary>
    public CostAmount With(long value) => new(value, Unit);

    /// <summary>"12,345 bytes" or "12,345 parameters".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value:N0} {UnitName}");
}
