using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Calibration;

namespace GroupReduce.Core.Methods;

/// <summary>
/// The solver sessions one matrix is stored with: <paramref name="Project"/> holds the matrix as it was fitted (whitened
/// when calibrated) and gives the coefficients; <paramref name="Measure"/> holds it as read, with the frequency weights,
/// and measures what is stored; <paramref name="Metric"/> maps a fitted basis back to the matrix's own coordinates.
/// </summary>
internal sealed record AssemblySessions(ISolverSession Project, ISolverSession Measure, RowMetric? Metric);
