namespace GroupReduce.Core.Sweep;

/// <summary>
/// Measures the model quality of one artifact (e.g. perplexity on held-out text). A sweep calls it once
/// per compressed cell when one is given; lower is better.
/// </summary>
public interface ISweepQualityProbe
{
    /// <summary>What is measured, for tables and plot labels, e.g. <c>test perplexity</c>.</summary>
    string Name { get; }

    /// <summary>The uncompressed model's value: the reference line of the quality plot.</summary>
    double Original { get; }

    /// <summary>Measures one artifact.</summary>
    /// <param name="artifactPath">The compressed artifact (absolute).</param>
    /// <param name="cancellationToken">Stops the measurement.</param>
    /// <returns>The value; lower is better.</returns>
    double Measure(string artifactPath, CancellationToken cancellationToken);
}
