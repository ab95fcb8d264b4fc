using GroupReduce.Core.Artifacts;

namespace GroupReduce.Core.Sweep;

/// <summary>Everything a sweep measured: written as <c>sweep.json</c> and, with the plots, <c>sweep.md</c>.</summary>
public sealed class SweepReport
{
    /// <summary>The tool that made the report.</summary>
    public required ManifestTool Tool { get; init; }

    /// <summary>The model file.</summary>
    public required ManifestInput Model { get; init; }

    /// <summary>The spec file's path.</summary>
    public required string Spec { get; init; }

    /// <summary>The spec's text, as every cell started from it.</summary>
    public required string SpecText { get; init; }

    /// <summary>How frequencies were obtained (from the first cell that ran).</summary>
    public required string Frequencies { get; init; }

    /// <summary>The methods swept, as spec words.</summary>
    public required IReadOnlyList<string> Methods { get; init; }

    /// <summary>The budgets swept, as labels.</summary>
    public required IReadOnlyList<string> Budgets { get; init; }

    /// <summary>The quantizers swept.</summary>
    public required IReadOnlyList<string> Quantizers { get; init; }

    /// <summary>The quality probe, when one was given.</summary>
    public SweepQuality? Quality { get; init; }

    /// <summary>Every cell, in the order run.</summary>
    public required IReadOnlyList<SweepCellResult> Cells { get; init; }

    /// <summary>The plots drawn.</summary>
    public required IReadOnlyList<SweepPlot> Plots { get; init; }

    /// <summary>How the grid was shaped (cells left out and why).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Wall time of the whole sweep.</summary>
    public required double Seconds { get; init; }
}
