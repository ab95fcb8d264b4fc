namespace GroupReduce.Core.Reporting;

/// <summary>How a quality target was met: what was searched and what was chosen.</summary>
/// <param name="Measure"><c>perplexity_increase</c> or <c>weighted_error</c>.</param>
/// <param name="Limit">The target, as a fraction.</param>
/// <param name="Data">What perplexity was measured on (empty for weighted error).</param>
/// <param name="OriginalPerplexity">The original model's perplexity on that data, when perplexity was measured.</param>
/// <param name="Trials">Every compression tried, in order.</param>
/// <param name="ChosenRate">The rate of the artifact written: the highest that met the target.</param>
/// <param name="ChosenValue">Its measured quality.</param>
public sealed record QualitySearchReport(string Measure, double Limit, string Data, double? OriginalPerplexity, IReadOnlyList<QualityTrial> Trials, double ChosenRate, double ChosenValue);
