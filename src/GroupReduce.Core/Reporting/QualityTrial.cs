namespace GroupReduce.Core.Reporting;

/// <summary>One compression a quality-target search ran.</summary>
/// <param name="Rate">The rate it was compressed to.</param>
/// <param name="Bytes">The bytes that replace the matrices.</param>
/// <param name="Value">The measured quality (perplexity increase or weighted error, as a fraction).</param>
/// <param name="Met">Whether it met the target.</param>
/// <param name="Seconds">Time for the compression and the measurement.</param>
public sealed record QualityTrial(double Rate, long Bytes, double Value, bool Met, double Seconds);
