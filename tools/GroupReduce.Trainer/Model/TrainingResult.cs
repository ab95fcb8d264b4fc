namespace GroupReduce.Trainer.Model;

/// <summary>The weights of the best epoch and how training went.</summary>
public sealed record TrainingResult(NplmWeights Weights, int EpochsRun, int BestEpoch, IReadOnlyList<double> ValidPerplexities, TimeSpan Elapsed);
