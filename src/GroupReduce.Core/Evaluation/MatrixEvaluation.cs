namespace GroupReduce.Core.Evaluation;

/// <summary>Reconstruction error and size of one compressed matrix, measured from the artifact.</summary>
/// <param name="Tensor">The matrix.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Columns">Columns.</param>
/// <param name="OriginalBytes">Its bytes in the original model.</param>
/// <param name="Bytes">Bytes of its factors, scales and codebooks in the artifact (row→group maps are counted once, in the total).</param>
/// <param name="WeightedRelativeError">Frequency-weighted relative error.</param>
/// <param name="RelativeError">Unweighted relative error.</param>
/// <param name="Groups">Per group (empty for pruned matrices).</param>
public sealed record MatrixEvaluation(string Tensor, long Rows, int Columns, long OriginalBytes, long Bytes, double WeightedRelativeError, double RelativeError, IReadOnlyList<GroupEvaluation> Groups);
