using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tuning;

/// <summary>What one trial of a search produced: its figures, or why it could not be made.</summary>
public sealed class TuneTrialResult
{
    /// <summary>The trial's number, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>The trial's values, one per axis.</summary>
    public required IReadOnlyList<TuneSetting> Settings { get; init; }

    /// <summary>Done, infeasible (the budget cannot hold it) or failed (the engine's or the spec's error).</summary>
    public required SweepCellStatus Status { get; init; }

    /// <summary>The error's code when not done.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The error's message when not done.</summary>
    public string? Error { get; init; }

    /// <summary>The budget in bytes this trial had to fit (the same for every trial of a byte budget; for a rate, the matrices' bytes over it).</summary>
    public double? BudgetBytes { get; init; }

    /// <summary>The matrices' original bytes.</summary>
    public long? OriginalBytes { get; init; }

    /// <summary>The bytes the compressed matrices take.</summary>
    public long? Bytes { get; init; }

    /// <summary>Original bytes over compressed bytes.</summary>
    public double? Rate { get; init; }

    /// <summary>The quantization as the engine describes it.</summary>
    public string? Quantization { get; init; }

    /// <summary>Σ f‖a − â‖² / Σ f‖a‖² over the rows of every matrix (f: word frequency).</summary>
    public double? WeightedRelativeError { get; init; }

    /// <summary>The same, unweighted.</summary>
    public double? RelativeError { get; init; }

    /// <summary>The measured perplexity when the search has validation data.</summary>
    public double? Perplexity { get; init; }

    /// <summary>Perplexity over the original model's, minus 1.</summary>
    public double? PerplexityIncrease { get; init; }

    /// <summary>Seconds the compression took.</summary>
    public required double Seconds { get; init; }

    /// <summary>Seconds the measurement took.</summary>
    public double? MeasureSeconds { get; init; }

    /// <summary>The trial as typed: <c>groups=10 quantizer=int8</c>.</summary>
    public string Label => string.Join(' ', Settings);
}
