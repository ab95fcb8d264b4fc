namespace GroupReduce.Trainer;

/// <summary>Everything that determines the trained model; two runs with equal options give identical weights on one machine.</summary>
public sealed record TrainingOptions
{
    public int Context { get; init; } = 3;

    public int Embedding { get; init; } = 128;

    public int Hidden { get; init; } = 128;

    public int MinimumCount { get; init; } = 6;

    public int Batch { get; init; } = 256;

    public int MaxEpochs { get; init; } = 4;

    public float LearningRate { get; init; } = 2e-3f;

    public ulong Seed { get; init; } = 20181203;

    /// <summary>Only the first this many training sentences (0: all); for quick runs and reproducibility checks.</summary>
    public int TrainSentenceLimit { get; init; }

    /// <summary>Worker threads; the result does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
