using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>The size target: exactly one of a compression rate, a byte count or a parameter count.</summary>
public sealed class BudgetSpec
{
    /// <summary>Which kind of budget.</summary>
    public required BudgetKind Kind { get; init; }

    /// <summary>The rate (e.g. 6.6 for <c>6.6x</c>; above 1), or a whole positive number of bytes or parameters.</summary>
    public required double Value { get; init; }

    /// <summary>Where the value is written.</summary>
    public required SourceLocation Location { get; init; }
}
