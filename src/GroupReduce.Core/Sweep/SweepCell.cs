using GroupReduce.Core.Spec;

namespace GroupReduce.Core.Sweep;

/// <summary>One point of a sweep's grid: a method at a budget with a quantizer.</summary>
/// <param name="Method">The method.</param>
/// <param name="Budget">The budget; null for quantization alone, whose size the quantizer fixes.</param>
/// <param name="Quantizer">The quantizer as the sweep names it: <c>none</c> (float32 factors) or a quantizer plugin's name.</param>
public sealed record SweepCell(CompressionMethod Method, SweepBudget? Budget, string Quantizer)
{
    /// <summary>The method's spec word: groupreduce, svd, weighted-svd, prune or quantize.</summary>
    public string MethodName => SweepArguments.MethodName(Method);

    /// <summary>The budget's label, or <c>fixed</c> when the quantizer alone sets the size.</summary>
    public string BudgetLabel => Budget?.Label ?? "fixed";

    /// <summary>The file stem of the cell's artifact: <c>&lt;method&gt;-&lt;budget&gt;-&lt;quantizer&gt;</c>, e.g. <c>groupreduce-6.6x-int8</c>.</summary>
    public string Name => $"{MethodName}-{BudgetLabel}-{Quantizer}";
}
