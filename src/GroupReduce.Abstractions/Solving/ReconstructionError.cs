namespace GroupReduce.Abstractions.Solving;

/// <summary>Squared reconstruction errors and norms over a set of rows, weighted and unweighted.</summary>
/// <param name="WeightedSquaredError"><c>Σ w_i ‖a_i − â_i‖²</c>.</param>
/// <param name="WeightedSquaredNorm"><c>Σ w_i ‖a_i‖²</c>.</param>
/// <param name="SquaredError"><c>Σ ‖a_i − â_i‖²</c>.</param>
/// <param name="SquaredNorm"><c>Σ ‖a_i‖²</c>.</param>
public readonly record struct ReconstructionError(double WeightedSquaredError, double WeightedSquaredNorm, double SquaredError, double SquaredNorm)
{
    /// <summary>The weighted relative error <c>Σ w‖a − â‖² / Σ w‖a‖²</c> (0 for an all-zero input).</summary>
    public double WeightedRelative => WeightedSquaredNorm > 0 ? WeightedSquaredError / WeightedSquaredNorm : 0;

    /// <summary>The unweighted relative error <c>‖A − Â‖²_F / ‖A‖²_F</c> (0 for an all-zero input).</summary>
    public double Relative => SquaredNorm > 0 ? SquaredError / SquaredNorm : 0;

    /// <summary>Sums two errors over disjoint row sets.</summary>
    /// <param name="left">One set's errors.</param>
    /// <param name="right">The other's.</param>
    /// <returns>The combined errors.</returns>
    public static ReconstructionError operator +(ReconstructionError left, ReconstructionError right) => new(
        left.WeightedSquaredError + right.WeightedSquaredError,
        left.WeightedSquaredNorm + right.WeightedSquaredNorm,
        left.SquaredError + right.SquaredError,
        left.SquaredNorm + right.SquaredNorm);
}
