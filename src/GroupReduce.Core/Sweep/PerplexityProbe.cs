using GroupReduce.Core.Evaluation;

namespace GroupReduce.Core.Sweep;

/// <summary>The sweep's quality column: each cell's perplexity, measured as <c>groupreduce eval</c> measures it.</summary>
/// <param name="meter">The meter, with the original model's perplexity already known.</param>
/// <param name="name">The column's name, e.g. <c>perplexity (test.txt)</c>.</param>
public sealed class PerplexityProbe(PerplexityMeter meter, string name) : ISweepQualityProbe
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public double Original => meter.Original;

    /// <inheritdoc />
    public double Measure(string artifactPath, CancellationToken cancellationToken) => meter.Measure(artifactPath, cancellationToken).Compressed;
}
