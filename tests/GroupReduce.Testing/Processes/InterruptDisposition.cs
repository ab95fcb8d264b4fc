namespace GroupReduce.Testing.Processes;

/// <summary>
/// Whether SIGINT can reach the processes a test starts. A shell without job control starts background jobs
/// (<c>cmd &amp;</c> in a script) with SIGINT ignored, every child inherits that, and .NET keeps it ignored: a Ctrl+C
/// test would then see a run that ignores Ctrl+C and fail for a reason that has nothing to do with the code.
/// Used by the CLI and build test projects.
/// </summary>
public static class InterruptDisposition
{
    /// <summary>Why Ctrl+C cannot be tested from this process, or null when it can.</summary>
    public static string? Problem()
    {
        const string Path = "/proc/self/status";
        if (!File.Exists(Path))
        {
            return null;
        }

        foreach (string line in File.ReadLines(Path))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan(7).Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out ulong ignored)
                && (ignored & (1UL << 1)) != 0)
            {
                return "SIGINT is ignored by this test process (it was started as a background job of a shell without job control), "
                    + "so every process it starts ignores Ctrl+C too; run the tests in the foreground, or under `set -m`";
            }
        }

        return null;
    }
}
