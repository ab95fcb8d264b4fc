using System.Globalization;
using System.Text;

namespace GroupReduce.Bench.Fuzz;

/// <summary>The run's table (Markdown, as the issue notes quote it) and each target's distinct defects.</summary>
internal static class ReportPrinter
{
    public static string Markdown(IReadOnlyList<TargetTally> tallies, ulong seed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Fuzz run, seed {seed}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        text.AppendLine();
        text.AppendLine("| target | inputs | accepted | typed GR errors | **untyped** (distinct) | hangs > limit | over max(64 MB, 4n) | max alloc/input | inputs/s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (TargetTally t in tallies)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Inputs:N0} | {t.Accepted:N0} | {t.Typed:N0} | **{t.Untyped:N0}** ({t.Defects.Count}) | {t.Hangs} | {t.OverAllocations} | {t.MaxAllocatedBytes / 1048576.0:0.0} MB | {t.Inputs / Math.Max(t.Seconds, 1e-9):N0} |");
        }

        foreach (TargetTally t in tallies.Where(t => t.Defects.Count > 0))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{t.Target} defects:");
            foreach ((string signature, long n) in t.Defects.OrderByDescending(d => d.Value))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {n:N0} x {signature}");
            }
        }

        foreach (TargetTally t in tallies)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"{t.Target} codes: ");
            text.AppendLine(string.Join(", ", t.Codes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:N0}")));
        }

        return text.ToString();
    }
}
