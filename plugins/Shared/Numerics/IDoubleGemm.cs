namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// Where the eigensolver's double-precision GEMMs run. The shared numerics only need <c>C (=|+=) A · B</c>; each
/// plugin decides the threading (the cpu plugin's workers, or one thread per group in the ilgpu plugin), so the
/// solver code is the same in both.
/// </summary>
internal unsafe interface IDoubleGemm
{
    /// <summary>Computes <c>C (=|+=) A · B</c>.</summary>
    /// <param name="a">The logical A.</param>
    /// <param name="b">The logical B.</param>
    /// <param name="c">C's first element.</param>
    /// <param name="ldc">Distance between C's rows.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    void Multiply(MatrixView<double> a, MatrixView<double> b, double* c, nint ldc, bool accumulate = false);
}
