namespace GroupReduce.Core.Reporting;

/// <summary>One compressed matrix.</summary>
/// <param name="Tensor">The tensor's name.</param>
/// <param name="Tied">Tied copies replaced with it.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Columns">Columns.</param>
/// <param name="Dtype">Input element type.</param>
/// <param name="OriginalBytes">Input bytes (tied copies included).</param>
/// <param name="Bytes">Stored bytes (its share of maps not included).</param>
/// <param name="WeightedRelativeError">Frequency-weighted relative squared error (null for a plan).</param>
/// <param name="RelativeError">Unweighted relative squared error (null for a plan).</param>
/// <param name="Groups">Per group (empty for sparse storage).</param>
public sealed record MatrixReport(string Tensor, IReadOnlyList<string> Tied, long Rows, int Columns, string Dtype, long OriginalBytes, long Bytes, double? WeightedRelativeError, double? RelativeError, IReadOnlyList<GroupReport> Groups);
