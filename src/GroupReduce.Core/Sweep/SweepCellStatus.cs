namespace GroupReduce.Core.Sweep;

/// <summary>How a sweep cell ended.</summary>
public enum SweepCellStatus
{
    /// <summary>Compressed: the artifact exists and every figure was measured.</summary>
    Done,

    /// <summary>The budget is impossible for the method (too small for one rank, a map or row starts): GR4001 or GR4006.</summary>
    Infeasible,

    /// <summary>Another numeric failure of this cell alone (a quantization overflow, a factorization that did not converge).</summary>
    Failed,
}
