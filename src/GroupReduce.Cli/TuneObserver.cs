using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Sweep;
using GroupReduce.Core.Tuning;

namespace GroupReduce.Cli;

/// <summary>
/// A search's progress: how many trials before the first, then one line per trial. The engine's stage progress is
/// left out (a search runs it dozens of times); its warnings go to stderr once each, not once per trial.
/// </summary>
internal sealed class TuneObserver(TextWriter error, bool quiet) : ITuneObserver
{
    private readonly DistinctWarnings _warnings = new(error);

    public void Planned(TunePlan plan, string budget, string rankedBy)
    {
        string axes = string.Join(" × ", plan.Axes.Select(a => $"{a.Values.Count} {a.Path}"));
        Write($"tune: {plan.Trials.Count} trials ({axes}) at {budget}, ranked by {rankedBy}");
    }

    public void TrialStarting(TuneTrial trial, int count)
    {
        // The finished line says everything; a start line would double the output of a fast search.
    }

    public void TrialFinished(TuneTrialResult result, int count)
    {
        string position = $"[{result.Number.ToString(CultureInfo.InvariantCulture).PadLeft(count.ToString(CultureInfo.InvariantCulture).Length)}/{count}]";
        string line = result.Status == SweepCellStatus.Done
            ? string.Create(CultureInfo.InvariantCulture, $"{position} {result.Label}: {result.Bytes:N0} bytes, {result.Rate:0.##}x, weighted error {ReportWriter.Error(result.WeightedRelativeError)}{(result.Perplexity is { } p ? $", perplexity {p:0.###}" : string.Empty)} ({result.Seconds + (result.MeasureSeconds ?? 0):0.0} s)")
            : $"{position} {result.Label}: {(result.Status == SweepCellStatus.Infeasible ? "infeasible" : "failed")} ({result.ErrorCode}): {result.Error}";
        Write(line);
    }

    public void Info(string message)
    {
        // Per-run notes repeat for every trial.
    }

    public void Warning(string code, string message, SourceLocation? location) => _warnings.Write(code, message, location);

    public void Progress(string stage, long done, long total)
    {
        // See the class comment.
    }

    private void Write(string line)
    {
        if (quiet)
        {
            return;
        }

        lock (_warnings.Gate)
        {
            error.WriteLine(line);
        }
    }
}
