using System.Text;
using System.Text.Json;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Sweep.Plots;
using static GroupReduce.Core.Sweep.SweepReportText;

namespace GroupReduce.Core.Sweep;

/// <summary>Writes a sweep's report as JSON (every figure, for machines) and Markdown (table, plots, spec, for people).</summary>
public static class SweepReportWriter
{
    /// <summary>The report as indented JSON, in the artifact manifest's key style.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(SweepReport report) => JsonSerializer.Serialize(report, SweepReportText.Json);

    /// <summary>The report as Markdown: the results table, the plots as images beside it, what each method is, and the spec.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(SweepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        int done = report.Cells.Count(c => c.Status == SweepCellStatus.Done);
        md.AppendLine("# GroupReduce sweep");
        md.AppendLine();
        md.AppendLine(Invariant($"- Model: `{report.Model.File}` ({report.Model.Format}, {ByteSize.Format(report.Model.Bytes)}, {report.Model.Hash})"));
        md.AppendLine(Invariant($"- Spec: `{Path.GetFileName(report.Spec)}` (below); every cell is this spec with its method, budget and quantizer replaced and no baselines"));
        md.AppendLine(Invariant($"- Frequencies: {report.Frequencies}"));
        md.AppendLine(Invariant($"- Grid: methods {string.Join(", ", report.Methods)}; budgets {string.Join(", ", report.Budgets)}; quantizers {string.Join(", ", report.Quantizers)}"));
        md.AppendLine(Invariant($"- Cells: {report.Cells.Count} ({done} compressed, {report.Cells.Count(c => c.Status == SweepCellStatus.Infeasible)} infeasible, {report.Cells.Count(c => c.Status == SweepCellStatus.Failed)} failed) in {report.Seconds:0.0} s"));
        if (report.Quality is { } quality)
        {
            md.AppendLine(Invariant($"- Quality probe: {quality.Name} (lower is better); the uncompressed model: **{quality.Original:0.###}**"));
        }

        md.AppendLine(Invariant($"- {report.Tool.Name} {report.Tool.Version}"));
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine("Rate: original bytes of the matrices over the bytes of everything that replaces them (factors, scales, maps).");
        md.AppendLine("Weighted error: Σ f‖a − â‖² / Σ f‖a‖² over the rows of all the matrices, f the word frequency; error: the same unweighted.");
        md.AppendLine();
        string probeHeader = report.Quality is { } q ? $" {q.Name} |" : string.Empty;
        string probeRule = report.Quality is null ? string.Empty : "---:|";
        md.AppendLine(Invariant($"| method | quantization | budget | bytes | rate | weighted rel. error | rel. error |{probeHeader} seconds | artifact |"));
        md.AppendLine(Invariant($"|---|---|---|---:|---:|---:|---:|{probeRule}---:|---|"));
        foreach (SweepCellResult cell in report.Cells)
        {
            string probe = report.Quality is null ? string.Empty : $" {Quality(cell.Quality)} |";
            string artifact = cell.Status == SweepCellStatus.Done ? $"[{Path.GetFileName(cell.Artifact)}]({cell.Artifact})" : $"{Status(cell.Status)} ({cell.ErrorCode})";
            md.AppendLine(Invariant($"| {cell.Method} | {cell.Quantizer} | {cell.Budget} | {Count(cell.Bytes)} | {Rate(cell.Rate)} | {ReportWriter.Error(cell.WeightedRelativeError)} | {ReportWriter.Error(cell.RelativeError)} |{probe} {cell.Seconds:0.00} | {artifact} |"));
        }

        List<SweepCellResult> missing = report.Cells.Where(c => c.Status != SweepCellStatus.Done).ToList();
        if (missing.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Cells that could not be made (the engine's message):");
            md.AppendLine();
            foreach (SweepCellResult cell in missing)
            {
                md.AppendLine(Invariant($"- `{cell.Name}`: {Status(cell.Status)}, {cell.ErrorCode}: {cell.Error}"));
            }
        }

        if (report.Plots.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Plots");
            foreach (SweepPlot plot in report.Plots)
            {
                md.AppendLine();
                md.AppendLine(Invariant($"### {plot.Title}"));
                md.AppendLine();
                md.AppendLine(Invariant($"![{plot.Title}]({plot.File})"));
                md.AppendLine();
                md.AppendLine(SweepPlotter.HowToRead(plot.File));
            }
        }

        md.AppendLine();
        md.AppendLine("## Methods");
        md.AppendLine();
        foreach (string method in report.Methods)
        {
            md.AppendLine(Invariant($"- **{method}**: {Describe(method)}"));
        }

        md.AppendLine();
        md.AppendLine("Quantizer `none` stores float32 factors; any other is the quantizer plugin of that name applied to what the method stores (docs/builtin-plugins.md).");
        md.AppendLine("At the same budget a quantizer buys more rank, so the rate stays on target and the error falls; where even full rank costs less than the budget, the cell stores everything and its rate is above the target.");
        if (report.Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (string note in report.Notes)
            {
                md.AppendLine(Invariant($"- {note}"));
            }
        }

        md.AppendLine();
        md.AppendLine(Invariant($"## Spec: `{Path.GetFileName(report.Spec)}`"));
        md.AppendLine();
        md.AppendLine("```yaml");
        md.AppendLine(report.SpecText.TrimEnd());
        md.AppendLine("```");
        return md.ToString();
    }

    /// <summary>What a method does, in one sentence, for the report's readers.</summary>
    /// <param name="method">The method's spec word.</param>
    /// <returns>The sentence.</returns>
    public static string Describe(string method) => method switch
    {
        "groupreduce" => "GroupReduce: rows grouped by word frequency, each group a frequency-weighted low-rank product with more rank for frequent words, groups refined by reassigning rows.",
        "svd" => "one group, plain truncated SVD: the best low rank in the unweighted sense, blind to frequency.",
        "weighted-svd" => "one group, frequency-weighted low rank: frequency-aware but one rank for the whole vocabulary.",
        "prune" => "the largest-magnitude entries kept, stored sparse (float32 values, column indices, row starts); not quantized.",
        "quantize" => "the whole matrix stored with the quantizer alone, no low rank: its rate is fixed by the quantizer, so it is one point.",
        _ => method,
    };
}
