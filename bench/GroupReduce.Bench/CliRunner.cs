using System.Diagnostics;
using System.Globalization;

namespace GroupReduce.Bench;

/// <summary>
/// Runs one <c>groupreduce compress</c> as a child process on the job's model and spec, echoing its lines with the
/// run's label, sampling its /proc/PID/status every 20 ms, and reading the JSON report it writes beside the artifact.
/// </summary>
internal static class CliRunner
{
    public static CliRunResult Run(CliTarget target, int repeat, string model, string spec, string work, int threads, bool keep, TextWriter log)
    {
        string stem = Path.Combine(work, $"{target.Label}-{repeat}");
        string artifact = stem + ".safetensors";
        string report = stem + ".report.json";
        string logPath = stem + ".log";
        foreach (string stale in new[] { artifact, report, stem + ".report.md" })
        {
            File.Delete(stale);
        }

        // A .dll runs under the dotnet host, which loads the runtime into its own process: the PID is still the job's.
        bool dll = target.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(dll ? "dotnet" : target.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll)
        {
            start.ArgumentList.Add(target.Path);
        }

        foreach (string argument in new[] { "compress", model, "--spec", spec, "-o", artifact, "--threads", threads.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var lines = new StreamWriter(logPath);
        var gate = new Lock();
        var tail = new Queue<string>();
        void Echo(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                lines.WriteLine(line);
                tail.Enqueue(line);
                if (tail.Count > 10)
                {
                    tail.Dequeue();
                }

                log.WriteLine($"  [{target.Label}] {line}");
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {target.Path}");
        var sampler = new MemorySampler(process.Id);
        process.OutputDataReceived += (_, e) => Echo(e.Data);
        process.ErrorDataReceived += (_, e) => Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        double seconds = clock.Elapsed.TotalSeconds;
        sampler.Dispose();
        lines.Flush();

        CliReport? parsed = null;
        string? failure = null;
        if (process.ExitCode != 0)
        {
            // The work folder may be gone by the time this is printed: carry the last lines, not just the log's name.
            lock (gate)
            {
                failure = tail.Count == 0
                    ? $"exit code {process.ExitCode}, no output"
                    : $"exit code {process.ExitCode}; its last lines:{Environment.NewLine}    {string.Join(Environment.NewLine + "    ", tail)}";
            }
        }
        else if (!File.Exists(report))
        {
            failure = $"no report at {report}: does this CLI write output.report beside the -o artifact?";
        }
        else
        {
            try
            {
                parsed = CliReport.Parse(File.ReadAllText(report));
            }
            catch (System.Text.Json.JsonException e)
            {
                failure = $"{report} is not JSON: {e.Message}";
            }
        }

        if (!keep)
        {
            // At full scale each artifact is about a gigabyte; only the report and log are read afterwards.
            File.Delete(artifact);
        }

        return new CliRunResult(target, repeat, seconds, process.ExitCode, parsed, failure, sampler.PeakAnonymousBytes, sampler.PeakFileBytes, sampler.PeakResidentBytes, logPath);
    }
}
