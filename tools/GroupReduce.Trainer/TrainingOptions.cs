namespace GroupReduce.Trainer;

/// <summary>Everything that determines the trained model; two runs with equal options give identical weights on one machine.</summary>
public sealed record TrainingOptions
{
    /// <summary>The default for <see cref="Batch"/> in the nplm family: predictions per step.</summary>
    public const int NplmBatch = 256;

    /// <summary>The default for <see cref="Batch"/> in the gru family: whole sentences per step.</summary>
    public const int GruBatch = 16;

    /// <summary>The model family, <c>nplm</c> or <c>gru</c> (docs/language-model.md).</summary>
    public string Family { get; init; } = "nplm";

    public int Context { get; init; } = 3;

    public int Embedding { get; init; } = 128;

    public int Hidden { get; init; } = 128;

    public int MinimumCount { get; init; } = 6;

    /// <summary>Examples per step: predictions for nplm, whole sentences for gru.</summary>
    public int Batch { get; init; } = NplmBatch;

    public int MaxEpochs { get; init; } = 4;

    public float LearningRate { get; init; } = 2e-3f;

    public ulong Seed { get; init; } = 20181203;

    /// <summary>Only the first this many training sentences (0: all); for quick runs and reproducibility checks.</summary>
    public int TrainSentenceLimit { get; init; }

    /// <summary>Worker threads; the result does not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
