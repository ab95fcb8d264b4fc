namespace GroupReduce.Core.Reporting;

/// <summary>One solver kernel's counters.</summary>
/// <param name="Name">The kernel.</param>
/// <param name="Calls">Calls.</param>
/// <param name="Gflop">Billions of floating-point operations.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="GflopsPerSecond">Throughput.</param>
public sealed record KernelReport(string Name, long Calls, double Gflop, double Seconds, double GflopsPerSecond);
