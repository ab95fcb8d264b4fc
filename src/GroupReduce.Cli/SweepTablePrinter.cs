using System.Globalization;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Sweep;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>The table at the end of a sweep: one row per cell, and where the report went.</summary>
internal static class SweepTablePrinter
{
    /// <summary>Prints the table through <paramref name="console"/> and the closing lines straight to <paramref name="output"/>, which Spectre would wrap at long paths.</summary>
    public static void Print(IAnsiConsole console, TextWriter output, SweepReport report, string outputDirectory, bool quiet)
    {
        int done = report.Cells.Count(c => c.Status == SweepCellStatus.Done);
        int infeasible = report.Cells.Count(c => c.Status == SweepCellStatus.Infeasible);
        int failed = report.Cells.Count(c => c.Status == SweepCellStatus.Failed);
        string markdown = Path.Combine(outputDirectory, SweepRunner.MarkdownFile);
        string headline = $"sweep: {report.Cells.Count} cells ({done} compressed, {infeasible} infeasible, {failed} failed) in {report.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s; report: {markdown}";
        if (quiet)
        {
            output.WriteLine(headline);
            return;
        }

        var table = new Table().Title("sweep").AddColumns("method", "quantization", "budget", "bytes", "rate", "weighted rel. error", "rel. error");
        if (report.Quality is { } quality)
        {
            table.AddColumn(Markup.Escape(quality.Name));
        }

        table.AddColumn("seconds");
        foreach (int column in new[] { 3, 4, 5, 6 }.Concat(report.Quality is null ? [7] : [7, 8]))
        {
            table.Columns[column].RightAligned();
        }

        foreach (SweepCellResult cell in report.Cells)
        {
            var cells = new List<string>
            {
                cell.Method,
                cell.Quantizer,
                cell.Budget,
                cell.Status == SweepCellStatus.Done ? cell.Bytes!.Value.ToString("N0", CultureInfo.InvariantCulture) : $"{(cell.Status == SweepCellStatus.Infeasible ? "infeasible" : "failed")} ({cell.ErrorCode})",
                cell.Rate is { } rate ? rate.ToString("0.##", CultureInfo.InvariantCulture) + "x" : "–",
                ReportWriter.Error(cell.WeightedRelativeError),
                ReportWriter.Error(cell.RelativeError),
            };
            if (report.Quality is not null)
            {
                cells.Add(cell.Quality is { } q ? q.ToString("0.###", CultureInfo.InvariantCulture) : "–");
            }

            cells.Add(cell.Seconds.ToString("0.00", CultureInfo.InvariantCulture));
            table.AddTextRow([.. cells]);
        }

        console.Write(table);
        if (report.Quality is { } probe)
        {
            output.WriteLine($"{probe.Name} of the uncompressed model: {probe.Original.ToString("0.###", CultureInfo.InvariantCulture)}");
        }

        output.WriteLine(headline);
        output.WriteLine($"wrote {Path.Combine(outputDirectory, SweepRunner.JsonFile)}, {report.Plots.Count} plots ({string.Join(", ", report.Plots.Select(p => p.File))}) and {done} artifacts in {Path.Combine(outputDirectory, SweepRunner.CellsFolder)}");
    }
}
