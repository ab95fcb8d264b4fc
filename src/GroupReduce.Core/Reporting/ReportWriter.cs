using System.Globalization;
using System.Text;
using System.Text.Json;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.LowRank;

namespace GroupReduce.Core.Reporting;

/// <summary>Writes a report as JSON (for machines) and Markdown (for people).</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(ArtifactWriter.JsonOptions) { WriteIndented = true };

    /// <summary>The report as indented JSON.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(CompressionReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Reads a report <see cref="ToJson"/> wrote (the artifact cache keeps one with each entry).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report, or null when the text is not one.</returns>
    internal static CompressionReport? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CompressionReport>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The report as Markdown.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(CompressionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        MethodReport result = report.Result;
        md.AppendLine(CultureInfo.InvariantCulture, $"# GroupReduce report{(report.DryRun ? " (dry run)" : string.Empty)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Model: `{report.Model.File}` ({report.Model.Format}, {ByteSize.Format(report.Model.Bytes)}, {report.Model.Hash})");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Spec: `{Path.GetFileName(report.Spec)}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Method: **{result.Method}**, budget {report.Budget}, quantization: {report.Quantization}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Frequencies: {report.Frequencies}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Result: {ByteSize.Format(result.OriginalBytes)} → {ByteSize.Format(result.Bytes)} (**{result.Rate:0.##}x**){Error(result.WeightedRelativeError, ", weighted relative error ")}");
        if (report.Artifact is { } artifact)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Artifact: `{Path.GetFileName(artifact.Path)}`, {ByteSize.Format(artifact.FileBytes)} in all, {artifact.CompressedBytes:N0} bytes of compressed tensors, `{artifact.Hash}`");
        }

        md.AppendLine();
        md.AppendLine("## Matrices");
        md.AppendLine();
        md.AppendLine("| matrix | shape | dtype | original | stored | rate | weighted rel. error | rel. error |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (MatrixReport matrix in result.Matrices)
        {
            string name = matrix.Tied.Count > 0 ? $"{matrix.Tensor} (tied: {string.Join(", ", matrix.Tied)})" : matrix.Tensor;
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {matrix.Rows}x{matrix.Columns} | {matrix.Dtype} | {ByteSize.Format(matrix.OriginalBytes)} | {ByteSize.Format(matrix.Bytes)} | {ReportWriter.Rate(matrix.OriginalBytes, matrix.Bytes):0.##}x | {Error(matrix.WeightedRelativeError)} | {Error(matrix.RelativeError)} |");
        }

        foreach (MatrixReport matrix in result.Matrices.Where(m => m.Groups.Count > 1))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### Groups of `{matrix.Tensor}`");
            md.AppendLine();
            // The encoding column appears only under quantizer: auto, where each group has its own.
            bool encodings = matrix.Groups.Any(g => g.Encoding is not null);
            md.AppendLine(encodings
                ? "| group | rows | mean frequency | storage | rank | encoding | bytes | weighted rel. error | rel. error |"
                : "| group | rows | mean frequency | storage | rank | bytes | weighted rel. error | rel. error |");
            md.AppendLine(encodings ? "|---:|---:|---:|---|---:|---|---:|---:|---:|" : "|---:|---:|---:|---|---:|---:|---:|---:|");
            foreach (GroupReport group in matrix.Groups)
            {
                string encoding = encodings ? $" {group.Encoding ?? "—"} |" : string.Empty;
                md.AppendLine(CultureInfo.InvariantCulture, $"| {group.Index} | {group.Rows:N0} | {group.MeanFrequency:G4} | {group.Kind} | {group.Rank} |{encoding} {ByteSize.Format(group.Bytes)} | {Error(group.WeightedRelativeError)} | {Error(group.RelativeError)} |");
            }
        }

        foreach (PartitionReport partition in report.Partitions.Where(p => p.Refinement.Count > 0))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## Refinement of {partition.Name} ({string.Join(", ", partition.Matrices)})");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Initial objective: {Relative(partition.InitialObjective, partition.TotalEnergy)} of the weighted energy.");
            md.AppendLine();
            md.AppendLine("| iteration | rows scored | rows moved | objective | bytes | outcome | seconds |");
            md.AppendLine("|---:|---:|---:|---:|---:|---|---:|");
            foreach (RefinementStep step in partition.Refinement)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {step.Iteration} | {step.RowsScored:N0} | {step.MovedRows:N0} | {step.RelativeObjective:P4} | {step.Bytes:N0} | {step.Outcome} | {step.Seconds:0.00} |");
            }
        }

        if (report.Baselines.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Comparison at the same budget");
            md.AppendLine();
            md.AppendLine("| method | bytes | rate | weighted rel. error | rel. error | seconds |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (MethodReport method in new[] { result }.Concat(report.Baselines))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {method.Method} | {method.Bytes:N0} | {method.Rate:0.##}x | {Error(method.WeightedRelativeError)} | {Error(method.RelativeError)} | {method.Seconds:0.00} |");
            }
        }

        if (report.Kernels.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Solver kernels");
            md.AppendLine();
            md.AppendLine("| kernel | calls | GFLOP | seconds | GFLOP/s |");
            md.AppendLine("|---|---:|---:|---:|---:|");
            foreach (KernelReport kernel in report.Kernels)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {kernel.Name} | {kernel.Calls} | {kernel.Gflop:0.##} | {kernel.Seconds:0.000} | {kernel.GflopsPerSecond:0.#} |");
            }
        }

        if (report.Search is { } search)
        {
            md.AppendLine();
            md.AppendLine("## Quality target");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Target: {search.Measure} ≤ {search.Limit:P2}{(search.Data.Length > 0 ? $" on {search.Data}" : string.Empty)}{(search.OriginalPerplexity is { } p ? $" (original perplexity {p:0.00})" : string.Empty)}. Chosen: **{search.ChosenRate:0.##}x** with {search.ChosenValue:P2}.");
            md.AppendLine();
            md.AppendLine("| trial | rate | bytes | measured | met |");
            md.AppendLine("|---:|---:|---:|---:|:---:|");
            for (int i = 0; i < search.Trials.Count; i++)
            {
                QualityTrial trial = search.Trials[i];
                md.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {trial.Rate:0.##}x | {trial.Bytes:N0} | {trial.Value:P2} | {(trial.Met ? "yes" : "no")} |");
            }
        }

        md.AppendLine();
        md.AppendLine("## Timings");
        md.AppendLine();
        foreach (StageTiming timing in report.Timings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {timing.Stage}: {timing.Seconds:0.00} s");
        }

        if (report.Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (string note in report.Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        md.AppendLine();
        md.AppendLine("## Plugins");
        md.AppendLine();
        foreach (ManifestPlugin plugin in report.Plugins)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {plugin.Kind} `{plugin.Name}`: {plugin.Assembly} {plugin.Version} (contract {plugin.Contract}){(plugin.Device is null ? string.Empty : ", " + plugin.Device)}");
        }

        return md.ToString();
    }

    /// <summary>A compression rate: original bytes over stored bytes (0 when nothing is stored).</summary>
    /// <param name="original">Original bytes.</param>
    /// <param name="bytes">Stored bytes.</param>
    /// <returns>The rate.</returns>
    public static double Rate(long original, long bytes) => bytes > 0 ? (double)original / bytes : 0;

    /// <summary>A relative error for people (as a percentage), or "–" when not measured.</summary>
    /// <param name="value">The error.</param>
    /// <param name="prefix">Text before it when present.</param>
    /// <returns>The text.</returns>
    public static string Error(double? value, string prefix = "") => value is { } v ? prefix + v.ToString("P3", CultureInfo.InvariantCulture) : prefix.Length > 0 ? string.Empty : "–";

    private static string Relative(double objective, double total) => (total > 0 ? objective / total : 0).ToString("P4", CultureInfo.InvariantCulture);
}
