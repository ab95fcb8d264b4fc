namespace GroupReduce.Trainer.Model;

/// <summary>The gru weights of the best epoch and how training went.</summary>
public sealed record GruTrainingResult(GruWeights Weights, int EpochsRun, int BestEpoch, IReadOnlyList<double> ValidPerplexities, TimeSpan Elapsed);
