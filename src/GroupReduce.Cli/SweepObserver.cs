using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Cli;

/// <summary>
/// A sweep's progress as one line per cell. The engine's own stage progress is left out (a sweep runs it
/// dozens of times); its warnings go to stderr once each, not once per cell.
/// </summary>
internal sealed class SweepObserver(TextWriter error, bool quiet) : ISweepObserver
{
    private readonly DistinctWarnings _warnings = new(error);

    public void CellStarting(SweepCell cell, int index, int count)
    {
        // The finished line says everything; a start line would double the output of a fast sweep.
    }

    public void CellFinished(SweepCellResult result, int index, int count)
    {
        if (quiet)
        {
            return;
        }

        string position = $"[{(index + 1).ToString(CultureInfo.InvariantCulture).PadLeft(count.ToString(CultureInfo.InvariantCulture).Length)}/{count}]";
        string line = result.Status == SweepCellStatus.Done
            ? string.Create(CultureInfo.InvariantCulture, $"{position} {result.Name}: {result.Rate:0.##}x, weighted error {ReportWriter.Error(result.WeightedRelativeError)}, error {ReportWriter.Error(result.RelativeError)}{(result.Quality is { } q ? $", quality {q:0.###}" : string.Empty)} ({result.Seconds:0.0} s)")
            : $"{position} {result.Name}: {(result.Status == SweepCellStatus.Infeasible ? "infeasible" : "failed")} ({result.ErrorCode}): {result.Error}";
        lock (_warnings.Gate)
        {
            error.WriteLine(line);
        }
    }

    public void Info(string message)
    {
        // Per-run notes (a partition choice, frequency smoothing) repeat for every cell; each cell's report keeps them.
    }

    public void Warning(string code, string message, SourceLocation? location) => _warnings.Write(code, message, location);

    public void Progress(string stage, long done, long total)
    {
        // See the class comment: stage progress of each run is not shown.
    }
}
