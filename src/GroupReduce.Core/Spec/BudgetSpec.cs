using GroupReduce.Abstractions;

namespace GroupReduce.Core.Spec;

/// <summary>The size target: exactly one of a compression rate, a byte count, a parameter count, or a quality to keep.</summary>
public sealed class BudgetSpec
{
    /// <summary>Which kind of budget.</summary>
    public required BudgetKind Kind { get; init; }

    /// <summary>The rate (e.g. 6.6 for <c>6.6x</c>; above 1), or a whole positive number of bytes or parameters; for a target, its value.</summary>
    public required double Value { get; init; }

    /// <summary>Where the value is written.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>For <see cref="BudgetKind.Target"/>: the quality to keep and how to measure it.</summary>
    public QualityTargetSpec? Target { get; init; }
}
