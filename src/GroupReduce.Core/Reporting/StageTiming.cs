namespace GroupReduce.Core.Reporting;

/// <summary>How long a stage took.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record StageTiming(string Stage, double Seconds);
