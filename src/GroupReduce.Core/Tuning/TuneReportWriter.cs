using System.Globalization;
using System.Text;
using System.Text.Json;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Sweep;
using static GroupReduce.Core.Sweep.SweepReportText;

namespace GroupReduce.Core.Tuning;

/// <summary>Writes a search's report as JSON (every figure, for machines) and Markdown (the trials table, for people).</summary>
public static class TuneReportWriter
{
    /// <summary>The report as indented JSON, in the artifact manifest's key style.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(TuneReport report) => JsonSerializer.Serialize(report, SweepReportText.Json);

    /// <summary>The report as Markdown: what was searched, every trial, the best one.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(TuneReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        int done = report.Trials.Count(t => t.Status == SweepCellStatus.Done);
        md.AppendLine("# GroupReduce tune");
        md.AppendLine();
        md.AppendLine(Invariant($"- Model: `{report.Model.File}` ({report.Model.Format}, {ByteSize.Format(report.Model.Bytes)}, {report.Model.Hash})"));
        md.AppendLine(Invariant($"- Spec: `{Path.GetFileName(report.Spec)}`; budget {report.Budget} ({report.BudgetSource}) for every trial"));
        foreach (TuneAxisReport axis in report.Axes)
        {
            md.AppendLine(Invariant($"- Axis `{axis.Path}`: {string.Join(", ", axis.Values.Select(v => $"`{v}`"))}"));
        }

        md.AppendLine(Invariant($"- Trials: {report.Trials.Count} ({done} compressed, {report.Trials.Count(t => t.Status == SweepCellStatus.Infeasible)} infeasible, {report.Trials.Count(t => t.Status == SweepCellStatus.Failed)} failed) in {report.Seconds:0.0} s"));
        md.AppendLine(Invariant($"- Ranked by {report.RankedBy} (lower is better){(report.Quality is { } q ? Invariant($"; the uncompressed model: **{q.Original:0.###}**") : string.Empty)}"));
        if (report.Best is { } best)
        {
            TuneTrialResult winner = report.Trials.First(t => t.Number == best);
            md.AppendLine(Invariant($"- Best: trial {best}, `{winner.Label}`{(report.BestSpec is { } file ? $", written to `{Path.GetFileName(file)}`" : string.Empty)}"));
        }

        md.AppendLine(Invariant($"- {report.Tool.Name} {report.Tool.Version}"));
        md.AppendLine();
        md.AppendLine("## Trials");
        md.AppendLine();
        string axes = string.Join(" | ", report.Axes.Select(a => a.Path));
        string quality = report.Quality is null ? string.Empty : " perplexity | increase |";
        string qualityRule = report.Quality is null ? string.Empty : "---:|---:|";
        md.AppendLine(Invariant($"| # | {axes} | bytes | budget bytes | rate | weighted rel. error |{quality} seconds | |"));
        md.AppendLine(Invariant($"|---:|{string.Concat(report.Axes.Select(_ => "---|"))}---:|---:|---:|---:|{qualityRule}---:|---|"));
        foreach (TuneTrialResult trial in report.Trials)
        {
            string values = string.Join(" | ", trial.Settings.Select(s => s.Value));
            string measured = report.Quality is null ? string.Empty : Invariant($" {Quality(trial.Perplexity)} | {Percent(trial.PerplexityIncrease)} |");
            string mark = trial.Number == report.Best ? "**best**" : trial.Status == SweepCellStatus.Done ? string.Empty : $"{Status(trial.Status)} ({trial.ErrorCode})";
            md.AppendLine(Invariant($"| {trial.Number} | {values} | {Count(trial.Bytes)} | {Count(trial.BudgetBytes is { } b ? (long)Math.Floor(b) : null)} | {Rate(trial.Rate)} | {ReportWriter.Error(trial.WeightedRelativeError)} |{measured} {trial.Seconds + (trial.MeasureSeconds ?? 0):0.00} | {mark} |"));
        }

        List<TuneTrialResult> missing = report.Trials.Where(t => t.Status != SweepCellStatus.Done).ToList();
        if (missing.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Trials that could not be made (the message):");
            md.AppendLine();
            foreach (TuneTrialResult trial in missing)
            {
                md.AppendLine(Invariant($"- {trial.Number} `{trial.Label}`: {Status(trial.Status)}, {trial.ErrorCode}: {trial.Error}"));
            }
        }

        md.AppendLine();
        md.AppendLine("## Notes");
        md.AppendLine();
        foreach (string note in report.Notes)
        {
            md.AppendLine(Invariant($"- {note}"));
        }

        return md.ToString();
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("+0.00%;-0.00%", CultureInfo.InvariantCulture) : "–";
}
