using System.Globalization;
using GroupReduce.Core;
using GroupReduce.Core.LowRank;
using GroupReduce.Core.Reporting;
using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>The readable summary of a compression run.</summary>
internal static class SummaryPrinter
{
    public static void Print(IAnsiConsole console, CompressionReport report, bool quiet)
    {
        MethodReport result = report.Result;
        string headline = report.DryRun
            ? $"plan ({result.Method}): {ByteSize.Format(result.OriginalBytes)} -> {ByteSize.Format(result.Bytes)} ({result.Rate.ToString("0.##", CultureInfo.InvariantCulture)}x); nothing was written"
            : $"{result.Method}: {ByteSize.Format(result.OriginalBytes)} -> {ByteSize.Format(result.Bytes)} ({result.Rate.ToString("0.##", CultureInfo.InvariantCulture)}x), weighted relative error {ReportWriter.Error(result.WeightedRelativeError)}";
        if (report.RestoredFrom is { } entry && report.Artifact is { } restored)
        {
            // Printed even when quiet: the MSBuild task shows this line, which says why no compression ran.
            console.WriteLine($"{Path.GetFileName(restored.Path)} restored from the cache ({Path.GetFileName(entry)[..12]})");
        }

        if (quiet)
        {
            console.WriteLine(headline);
            return;
        }

        var matrices = new Table().Title("matrices").AddColumns("matrix", "shape", "original", "stored", "rate", "weighted rel. error", "rel. error");
        foreach (MatrixReport matrix in result.Matrices)
        {
            matrices.AddTextRow(
                matrix.Tied.Count > 0 ? $"{matrix.Tensor} (+{string.Join(", ", matrix.Tied)})" : matrix.Tensor,
                $"{matrix.Rows}x{matrix.Columns} {matrix.Dtype}",
                ByteSize.Format(matrix.OriginalBytes),
                ByteSize.Format(matrix.Bytes),
                ReportWriter.Rate(matrix.OriginalBytes, matrix.Bytes).ToString("0.##x", CultureInfo.InvariantCulture),
                ReportWriter.Error(matrix.WeightedRelativeError),
                ReportWriter.Error(matrix.RelativeError));
        }

        console.Write(matrices);
        foreach (MatrixReport matrix in result.Matrices.Where(m => m.Groups.Count > 1))
        {
            var groups = new Table().Title(Markup.Escape($"groups of {matrix.Tensor}")).AddColumns("group", "rows", "mean freq.", "storage", "rank", "bytes", "weighted rel. error");
            foreach (GroupReport group in matrix.Groups)
            {
                groups.AddTextRow(
                    group.Index.ToString(CultureInfo.InvariantCulture),
                    group.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    group.MeanFrequency.ToString("G4", CultureInfo.InvariantCulture),
                    // Under quantizer: auto each group has its own encoding: "lowrank int4", "dense f16".
                    group.Encoding is { } encoding ? $"{group.Kind} {encoding}" : group.Kind,
                    group.Rank.ToString(CultureInfo.InvariantCulture),
                    ByteSize.Format(group.Bytes),
                    ReportWriter.Error(group.WeightedRelativeError));
            }

            console.Write(groups);
        }

        foreach (PartitionReport partition in report.Partitions.Where(p => p.Refinement.Count > 0))
        {
            var steps = new Table().Title(Markup.Escape($"refinement of {partition.Name}")).AddColumns("iteration", "rows scored", "rows moved", "objective", "outcome", "seconds");
            steps.AddTextRow("0", "-", "-", Share(partition.InitialObjective, partition.TotalEnergy), "initial", "-");
            foreach (RefinementStep step in partition.Refinement)
            {
                steps.AddTextRow(
                    step.Iteration.ToString(CultureInfo.InvariantCulture),
                    step.RowsScored.ToString("N0", CultureInfo.InvariantCulture),
                    step.MovedRows.ToString("N0", CultureInfo.InvariantCulture),
                    step.RelativeObjective.ToString("P4", CultureInfo.InvariantCulture),
                    step.Outcome,
                    step.Seconds.ToString("0.00", CultureInfo.InvariantCulture));
            }

            console.Write(steps);
        }

        if (report.Baselines.Count > 0)
        {
            var comparison = new Table().Title("same budget, other methods").AddColumns("method", "bytes", "rate", "weighted rel. error", "rel. error");
            foreach (MethodReport method in new[] { result }.Concat(report.Baselines))
            {
                comparison.AddTextRow(
                    method.Method,
                    method.Bytes.ToString("N0", CultureInfo.InvariantCulture),
                    method.Rate.ToString("0.##x", CultureInfo.InvariantCulture),
                    ReportWriter.Error(method.WeightedRelativeError),
                    ReportWriter.Error(method.RelativeError));
            }

            console.Write(comparison);
        }

        console.WriteLine(headline);
        if (report.Artifact is { } artifact)
        {
            (string json, string markdown) = OutputNames.ReportPaths(artifact.Path);
            console.WriteLine($"wrote {artifact.Path} ({ByteSize.Format(artifact.FileBytes)})");
            if (File.Exists(json))
            {
                console.WriteLine($"report: {markdown}, {json}");
            }
        }
    }

    private static string Share(double objective, double total) => (total > 0 ? objective / total : 0).ToString("P4", CultureInfo.InvariantCulture);
}
