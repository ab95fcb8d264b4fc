using System.Globalization;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Sweep;
using GroupReduce.Core.Tuning;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>The table at the end of a search: one row per trial, the best marked, and where the report and spec went.</summary>
internal static class TuneTablePrinter
{
    /// <summary>Prints the table through <paramref name="console"/> and the closing lines straight to <paramref name="output"/>, which Spectre would wrap at long paths.</summary>
    public static void Print(IAnsiConsole console, TextWriter output, TuneReport report, string outputDirectory, bool quiet)
    {
        int done = report.Trials.Count(t => t.Status == SweepCellStatus.Done);
        int infeasible = report.Trials.Count(t => t.Status == SweepCellStatus.Infeasible);
        int failed = report.Trials.Count(t => t.Status == SweepCellStatus.Failed);
        string headline = $"tune: {report.Trials.Count} trials ({done} compressed, {infeasible} infeasible, {failed} failed) at {report.Budget} in {report.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s; report: {Path.Combine(outputDirectory, TuneRunner.MarkdownFile)}";
        TuneTrialResult? best = report.Trials.FirstOrDefault(t => t.Number == report.Best);
        string bestLine = best is null ? "best: none" : $"best: trial {best.Number} ({best.Label}); spec: {report.BestSpec}";
        if (quiet)
        {
            output.WriteLine(headline);
            output.WriteLine(bestLine);
            return;
        }

        var table = new Table().Title("tune").AddColumn("#");
        foreach (TuneAxisReport axis in report.Axes)
        {
            table.AddColumn(Markup.Escape(axis.Path));
        }

        table.AddColumns("bytes / budget", "rate", "weighted rel. error");
        if (report.Quality is not null)
        {
            table.AddColumns("perplexity", "increase");
        }

        table.AddColumns("seconds", string.Empty);
        int first = 1 + report.Axes.Count;
        for (int column = first; column < table.Columns.Count - 1; column++)
        {
            table.Columns[column].RightAligned();
        }

        table.Columns[0].RightAligned();
        foreach (TuneTrialResult trial in report.Trials)
        {
            var cells = new List<string> { trial.Number.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(trial.Settings.Select(s => s.Value));
            cells.Add(trial.Status == SweepCellStatus.Done
                ? $"{trial.Bytes!.Value.ToString("N0", CultureInfo.InvariantCulture)} / {Math.Floor(trial.BudgetBytes ?? 0).ToString("N0", CultureInfo.InvariantCulture)}"
                : $"{(trial.Status == SweepCellStatus.Infeasible ? "infeasible" : "failed")} ({trial.ErrorCode})");
            cells.Add(trial.Rate is { } rate ? rate.ToString("0.##", CultureInfo.InvariantCulture) + "x" : "–");
            cells.Add(ReportWriter.Error(trial.WeightedRelativeError));
            if (report.Quality is not null)
            {
                cells.Add(trial.Perplexity is { } p ? p.ToString("0.###", CultureInfo.InvariantCulture) : "–");
                cells.Add(trial.PerplexityIncrease is { } inc ? inc.ToString("+0.00%;-0.00%", CultureInfo.InvariantCulture) : "–");
            }

            cells.Add((trial.Seconds + (trial.MeasureSeconds ?? 0)).ToString("0.00", CultureInfo.InvariantCulture));
            cells.Add(trial.Number == report.Best ? "best" : string.Empty);
            table.AddTextRow([.. cells]);
        }

        console.Write(table);
        if (report.Quality is { } quality)
        {
            output.WriteLine($"{quality.Name} of the uncompressed model: {quality.Original.ToString("0.###", CultureInfo.InvariantCulture)}");
        }

        output.WriteLine(headline);
        output.WriteLine(bestLine);
    }
}
