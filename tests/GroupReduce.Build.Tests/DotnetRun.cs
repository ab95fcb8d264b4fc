using System.Diagnostics;
using System.Text;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Processes;

namespace GroupReduce.Build.Tests;

/// <summary>The outcome of one <c>dotnet</c> command: its exit code and everything it printed.</summary>
public sealed record DotnetRun(int ExitCode, string Output)
{
    /// <summary>Runs <c>dotnet</c> with the arguments in <paramref name="directory"/>, with an environment fit for nested builds.</summary>
    public static DotnetRun Start(string directory, string nugetPackages, params string[] arguments) =>
        Run(directory, nugetPackages, arguments, onLine: null);

    /// <summary>
    /// Runs <c>dotnet</c> as <see cref="Start(string, string, string[])"/> does, allowing it <paramref name="limit"/>
    /// instead of 4 minutes (a NativeAOT publish restores and runs the native compiler).
    /// </summary>
    public static DotnetRun Start(TimeSpan limit, string directory, string nugetPackages, params string[] arguments) =>
        Run(directory, nugetPackages, arguments, onLine: null, limit);

    /// <summary>
    /// Runs <c>dotnet</c> and presses Ctrl+C (SIGINT, what a terminal sends) <paramref name="delay"/> after a line
    /// containing <paramref name="trigger"/> appears.
    /// </summary>
    public static DotnetRun StartAndInterrupt(string directory, string nugetPackages, string trigger, TimeSpan delay, params string[] arguments)
    {
        Assert.True(InterruptDisposition.Problem() is null, InterruptDisposition.Problem());
        int interrupted = 0;
        return Run(directory, nugetPackages, arguments, (line, process) =>
        {
            if (line.Contains(trigger, StringComparison.Ordinal) && Interlocked.Exchange(ref interrupted, 1) == 0)
            {
                _ = Task.Delay(delay).ContinueWith(_ =>
                {
                    using Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    kill.WaitForExit();
                }, TaskScheduler.Default);
            }
        });
    }

    private static DotnetRun Run(string directory, string nugetPackages, string[] arguments, Action<string, Process>? onLine, TimeSpan? limit = null)
    {
        TimeSpan allowed = limit ?? TimeSpan.FromMinutes(4);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // `dotnet test` hands its own MSBuild's paths to the test host; a nested build must find the SDK by itself.
        foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && k != "MSBUILDDISABLENODEREUSE").ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["NUGET_PACKAGES"] = nugetPackages;
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }

                onLine?.Invoke(e.Data, process);
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(allowed))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {allowed.TotalMinutes:0} minutes:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new DotnetRun(process.ExitCode, output.ToString());
        }
    }

    /// <summary>Whether the compression ran (the target's task started the engine) in this build.</summary>
    public bool Compressed => Output.Contains("groupreduce.dll\" compress", StringComparison.Ordinal);

    /// <summary>Whether the engine restored the artifact from the cache instead of compressing (the task shows its line).</summary>
    public bool RestoredFromCache => Output.Contains("GroupReduce: lm.gr.safetensors restored from the cache (", StringComparison.Ordinal);

    /// <summary>Whether MSBuild skipped the compression target as up to date.</summary>
    public bool SkippedAsUpToDate => Output.Contains("Skipping target \"GroupReduceCompress\" because all output files are up-to-date", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => $"exit code {ExitCode}\n{Output}";
}
