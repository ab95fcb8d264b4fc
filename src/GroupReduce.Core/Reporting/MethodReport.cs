namespace GroupReduce.Core.Reporting;

/// <summary>One method's result.</summary>
/// <param name="Method">groupreduce, svd, weighted-svd, prune or quantize.</param>
/// <param name="OriginalBytes">Bytes of the original matrices.</param>
/// <param name="Bytes">Bytes of everything that replaces them.</param>
/// <param name="Rate">OriginalBytes / Bytes.</param>
/// <param name="WeightedRelativeError">Σ f‖a − â‖² / Σ f‖a‖² over all the matrices (null for a plan).</param>
/// <param name="RelativeError">‖A − Â‖²_F / ‖A‖²_F over all the matrices (null for a plan).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Matrices">Per matrix.</param>
public sealed record MethodReport(string Method, long OriginalBytes, long Bytes, double Rate, double? WeightedRelativeError, double? RelativeError, double Seconds, IReadOnlyList<MatrixReport> Matrices);
