namespace GroupReduce.Bench;

/// <summary>Prints one CLI run's figures, and the comparison of all runs against the first (the baseline).</summary>
internal static class CliRunPrinter
{
    public static void Print(CliRunResult run, double peak, long inputBytes, TextWriter log)
    {
        log.WriteLine();
        log.WriteLine($"== {run.Name}: wall {run.WallSeconds:0.00} s, exit {run.ExitCode} ({run.Target.Path})");
        if (run.Failure is not null)
        {
            log.WriteLine($"  FAILED: {run.Failure}");
        }

        log.WriteLine($"  peak anonymous memory {run.PeakAnonymousBytes / 1e9:0.000} GB = {(double)run.PeakAnonymousBytes / inputBytes:0.000}x the input ({inputBytes / 1e9:0.000} GB); peak file-backed {run.PeakFileBytes / 1e9:0.000} GB; peak resident {run.PeakResidentBytes / 1e9:0.000} GB");
        if (run.Report is not { } report)
        {
            return;
        }

        log.WriteLine($"  result: {report.Rate:0.00}x, {report.Bytes:N0} bytes, weighted relative error {Percent(report.WeightedRelativeError, "0.0000")}{(report.SolverDevice is { } device ? $"; solver device {device}" : string.Empty)}");
        log.WriteLine("  stages (s):");
        foreach ((string stage, double seconds) in report.Stages)
        {
            log.WriteLine($"    {stage,-28} {seconds,9:0.00}");
        }

        log.WriteLine($"  kernels:                  {"calls",7} {"GFLOP",10} {"s",9} {"GFLOP/s",9} {"of peak",8}");
        foreach (CliKernel kernel in report.Kernels)
        {
            string share = peak > 0 && kernel.Gflop > 0 ? $"{kernel.GflopsPerSecond / peak,8:P0}" : $"{"-",8}";
            log.WriteLine($"    {kernel.Name,-22} {kernel.Calls,7:N0} {kernel.Gflop,10:0.0} {kernel.Seconds,9:0.00} {kernel.GflopsPerSecond,9:0.0} {share}");
        }

        log.WriteLine($"  refinement:               {"round",5} {"moved",10} {"scored",12} {"objective",12} {"relative",9} {"s",8}  outcome");
        foreach (CliPartition partition in report.Partitions)
        {
            log.WriteLine($"    {partition.Name,-22} {"0",5} {"",10} {"",12} {Scientific(partition.InitialObjective),12} {"",9} {"",8}  initial");
            foreach (CliRound round in partition.Rounds)
            {
                log.WriteLine($"    {partition.Name,-22} {round.Iteration,5} {Count(round.MovedRows),10} {Count(round.RowsScored),12} {Scientific(round.Objective),12} {Percent(round.RelativeObjective, "0.000"),9} {(round.Seconds is { } s ? s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "n/a"),8}  {round.Outcome ?? "n/a"}");
            }
        }
    }

    public static void Compare(IReadOnlyList<CliRunResult> runs, IReadOnlyList<CliTarget> clis, double peak, long inputBytes, TextWriter log)
    {
        CliRunResult baseline = runs[0];
        log.WriteLine();
        log.WriteLine($"== comparison (baseline: {baseline.Name}; ratio < 1 is faster)");
        log.WriteLine($"  {"run",-16} {"wall s",8} {"vs base",8} {"weighted error",15} {"peak anon GB",13} {"x input",8}");
        foreach (CliRunResult run in runs)
        {
            string error = run.Failure is null ? Percent(run.Report?.WeightedRelativeError, "0.0000") : "FAILED";
            log.WriteLine($"  {run.Name,-16} {run.WallSeconds,8:0.00} {run.WallSeconds / baseline.WallSeconds,8:0.000} {error,15} {run.PeakAnonymousBytes / 1e9,13:0.000} {(double)run.PeakAnonymousBytes / inputBytes,8:0.000}");
        }

        var ok = runs.Where(r => r.Failure is null && r.Report is not null).ToList();
        if (runs.Count > clis.Count)
        {
            // Repeated: the median wall time of each CLI's successful runs, against the baseline CLI's median.
            double baseMedian = Median(ok.Where(r => r.Target == clis[0]).Select(r => r.WallSeconds));
            log.WriteLine($"  median wall time per CLI (vs {clis[0].Label}'s median):");
            foreach (CliTarget cli in clis)
            {
                double median = Median(ok.Where(r => r.Target == cli).Select(r => r.WallSeconds));
                log.WriteLine(double.IsNaN(median)
                    ? $"    {cli.Label,-14} {"FAILED",8}"
                    : $"    {cli.Label,-14} {median,8:0.00} {median / baseMedian,8:0.000}");
            }
        }

        // Each kernel's GFLOP/s per CLI over all its runs (total GFLOP over total seconds), with its share of the peak.
        var names = ok.SelectMany(r => r.Report!.Kernels).Where(k => k.Gflop > 0).Select(k => k.Name).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return;
        }

        log.WriteLine($"  kernel GFLOP/s (share of the {peak:0.0} GFLOP/s FMA peak):");
        log.WriteLine($"    {"kernel",-14}{string.Concat(clis.Select(c => $" {c.Label,18}"))}");
        foreach (string name in names)
        {
            var cells = clis.Select(cli =>
            {
                var kernels = ok.Where(r => r.Target == cli).SelectMany(r => r.Report!.Kernels).Where(k => k.Name == name).ToList();
                double seconds = kernels.Sum(k => k.Seconds);
                if (kernels.Count == 0 || seconds <= 0)
                {
                    return $" {"n/a",18}";
                }

                double rate = kernels.Sum(k => k.Gflop) / seconds;
                return $" {$"{rate:0.0} ({rate / peak:P0})",18}";
            });
            log.WriteLine($"    {name,-14}{string.Concat(cells)}");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Count(long? value) => value is { } v ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "n/a";

    private static string Scientific(double? value) => value is { } v ? v.ToString("0.0000e+00", System.Globalization.CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double? value, string format) =>
        value is { } v ? (100 * v).ToString(format, System.Globalization.CultureInfo.InvariantCulture) + " %" : "n/a";
}
