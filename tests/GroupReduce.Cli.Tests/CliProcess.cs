using System.Diagnostics;
using System.Globalization;
using System.Text;
using GroupReduce.Testing.Processes;

namespace GroupReduce.Cli.Tests;

/// <summary>
/// The real command line as a child process (<c>dotnet groupreduce.dll</c> from the test's output folder), so that tests
/// can interrupt it (SIGINT, what Ctrl+C sends) or kill it outright (SIGKILL) and look at what it left.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private CliProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts <c>groupreduce</c> with <paramref name="arguments"/>; <paramref name="commitPause"/> sets the engine's commit test hook.</summary>
    public static CliProcess Start(string folder, string? commitPause, params string[] arguments) =>
        StartWithEnvironment(folder, commitPause is null ? new Dictionary<string, string?>() : new Dictionary<string, string?> { ["GROUPREDUCE_TEST_COMMIT_PAUSE"] = commitPause }, arguments);

    /// <summary>Starts <c>groupreduce</c> with <paramref name="arguments"/> and these environment variables set (a null value removes one).</summary>
    public static CliProcess StartWithEnvironment(string folder, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "groupreduce.dll"));
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("GROUPREDUCE_TEST_COMMIT_PAUSE");
        info.Environment.Remove("NO_COLOR");
        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = info };
        var run = new CliProcess(process);
        process.OutputDataReceived += (_, e) => Append(run._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(run._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits until stderr, where progress and info lines go, holds <paramref name="text"/>; false if the process ended or the time ran out first.</summary>
    public bool WaitForError(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Error.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (_process.HasExited)
            {
                // Exited is not read to the end: the output readers may still be delivering the last lines (a short run on
                // a loaded machine ends before they catch up). The parameterless wait returns once they reach end of file.
                _process.WaitForExit();
                return Error.Contains(text, StringComparison.Ordinal);
            }

            Thread.Sleep(10);
        }

        return false;
    }

    /// <summary>Sends SIGINT, what a terminal's Ctrl+C sends.</summary>
    public void Interrupt()
    {
        Assert.True(InterruptDisposition.Problem() is null, InterruptDisposition.Problem());
        using Process kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: no handler, no finally, no Dispose runs.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Waits for the exit and returns the exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"groupreduce did not exit within {timeout}:\n{Output}\n{Error}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public override string ToString() => $"stdout:\n{Output}\nstderr:\n{Error}";

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }
}
