namespace GroupReduce.Bench;

/// <summary>One kernel's totals from a CLI report (<c>kernels[]</c>).</summary>
internal sealed record CliKernel(string Name, long Calls, double Gflop, double Seconds, double GflopsPerSecond);
