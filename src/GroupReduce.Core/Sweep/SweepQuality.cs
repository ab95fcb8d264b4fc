namespace GroupReduce.Core.Sweep;

/// <summary>The quality probe of a sweep, as reported.</summary>
/// <param name="Name">What it measures, e.g. <c>test perplexity</c>.</param>
/// <param name="Original">The uncompressed model's value.</param>
public sealed record SweepQuality(string Name, double Original);
