namespace GroupReduce.Core.Evaluation;

/// <summary>Reconstruction error of one group of a compressed matrix, measured from the artifact.</summary>
/// <param name="Index">The group.</param>
/// <param name="Rows">Its rows.</param>
/// <param name="Rank">Its stored rank (columns when dense).</param>
/// <param name="MeanFrequency">Mean normalized frequency of its rows (1 = the vocabulary's mean).</param>
/// <param name="WeightedRelativeError"><c>Σ f‖a − â‖² / Σ f‖a‖²</c> over its rows.</param>
/// <param name="RelativeError"><c>Σ ‖a − â‖² / Σ ‖a‖²</c> over its rows.</param>
public sealed record GroupEvaluation(int Index, long Rows, int Rank, double MeanFrequency, double WeightedRelativeError, double RelativeError);
