using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tuning;

/// <summary>A search's report: every trial, the best one and the spec written for it.</summary>
public sealed class TuneReport
{
    /// <summary>The tool and its version.</summary>
    public required ManifestTool Tool { get; init; }

    /// <summary>The model searched.</summary>
    public required ManifestInput Model { get; init; }

    /// <summary>The spec every trial starts from.</summary>
    public required string Spec { get; init; }

    /// <summary>The fixed budget, e.g. <c>6.6x</c> or <c>150000B</c>.</summary>
    public required string Budget { get; init; }

    /// <summary>Where the budget came from: <c>spec</c>, <c>--rate</c> or <c>--bytes</c>.</summary>
    public required string BudgetSource { get; init; }

    /// <summary>The axes in the order given.</summary>
    public required IReadOnlyList<TuneAxisReport> Axes { get; init; }

    /// <summary>What ranks the trials: the validation perplexity's name, or <c>weighted rel. error</c>.</summary>
    public required string RankedBy { get; init; }

    /// <summary>The validation data's measure and the original model's value; null when trials are ranked by weighted error.</summary>
    public SweepQuality? Quality { get; init; }

    /// <summary>Every trial in order.</summary>
    public required IReadOnlyList<TuneTrialResult> Trials { get; init; }

    /// <summary>The best trial's number; null when none was compressed.</summary>
    public int? Best { get; init; }

    /// <summary>The best trial's spec file; null when none was written.</summary>
    public string? BestSpec { get; init; }

    /// <summary>Notes for the reader.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Seconds the whole search took.</summary>
    public required double Seconds { get; init; }
}
