using GroupReduce.Core.Reporting;

namespace GroupReduce.Core.Sweep;

/// <summary>What one sweep cell produced: its figures, or why it could not be made.</summary>
public sealed class SweepCellResult
{
    /// <summary>The cell's name and artifact stem, e.g. <c>svd-4x-int8</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The method's spec word.</summary>
    public required string Method { get; init; }

    /// <summary>The quantizer as the sweep names it (<c>none</c>, <c>int8</c>, …).</summary>
    public required string Quantizer { get; init; }

    /// <summary>The budget as given (<c>6.6x</c>, <c>50000B</c>), or <c>fixed</c> for quantization alone.</summary>
    public required string Budget { get; init; }

    /// <summary>The rate the budget asked for; null for a byte budget or quantization alone.</summary>
    public double? TargetRate { get; init; }

    /// <summary>How the cell ended.</summary>
    public required SweepCellStatus Status { get; init; }

    /// <summary>The engine's error code when the cell is infeasible or failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The engine's error message when the cell is infeasible or failed.</summary>
    public string? Error { get; init; }

    /// <summary>The artifact's path relative to the sweep's folder (<c>cells/…</c>); null unless done.</summary>
    public string? Artifact { get; init; }

    /// <summary>The artifact file's size, passed-through tensors and header included.</summary>
    public long? FileBytes { get; init; }

    /// <summary>The quantizer's description of its encoding (from the engine).</summary>
    public string? Quantization { get; init; }

    /// <summary>The budget as the engine resolved it.</summary>
    public string? ResolvedBudget { get; init; }

    /// <summary>Bytes of the original matrices.</summary>
    public long? OriginalBytes { get; init; }

    /// <summary>Bytes of everything that replaces them (the artifact manifest's compressed bytes).</summary>
    public long? Bytes { get; init; }

    /// <summary>The achieved rate: original bytes / bytes.</summary>
    public double? Rate { get; init; }

    /// <summary>Σ f‖a − â‖² / Σ f‖a‖² over all the matrices.</summary>
    public double? WeightedRelativeError { get; init; }

    /// <summary>‖A − Â‖²_F / ‖A‖²_F over all the matrices.</summary>
    public double? RelativeError { get; init; }

    /// <summary>The quality probe's value for the artifact, when a probe was given.</summary>
    public double? Quality { get; init; }

    /// <summary>Seconds the engine took for the cell (the probe's time not included).</summary>
    public required double Seconds { get; init; }

    /// <summary>Seconds the probe took, when one was given.</summary>
    public double? ProbeSeconds { get; init; }

    /// <summary>Per matrix, with per group figures; empty unless done.</summary>
    public required IReadOnlyList<MatrixReport> Matrices { get; init; }

    /// <summary>Warnings and notes the engine raised for this cell.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
