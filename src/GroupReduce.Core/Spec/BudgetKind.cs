namespace GroupReduce.Core.Spec;

/// <summary>How a budget is expressed.</summary>
public enum BudgetKind
{
    /// <summary>Original bytes of the compressed matrices divided by the bytes that replace them.</summary>
    Rate,

    /// <summary>Bytes of everything that replaces the matrices (factors, scales, group maps).</summary>
    Bytes,

    /// <summary>Stored parameters (factor entries), whatever their encoding.</summary>
    Parameters,

    /// <summary>A quality to keep (<see cref="BudgetSpec.Target"/>): the smallest artifact that meets it is searched for.</summary>
    Target,
}
