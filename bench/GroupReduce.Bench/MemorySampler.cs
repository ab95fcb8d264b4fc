using System.Globalization;

namespace GroupReduce.Bench;

/// <summary>
/// Samples a process's memory from /proc/PID/status (this process's by default) every 20 ms and keeps the peaks:
/// anonymous memory (RssAnon: heap, buffers — what the input must not be copied into) apart from
/// file-backed memory (RssFile: the memory-mapped input).
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private readonly string _status;
    private readonly Lock _gate = new();

    /// <summary>Starts sampling.</summary>
    /// <param name="processId">The process to watch; null: this one.</param>
    public MemorySampler(int? processId = null)
    {
        _status = processId is { } id ? $"/proc/{id}/status" : "/proc/self/status";
        _timer = new Timer(_ => Sample(), null, 0, 20);
    }

    public long PeakAnonymousBytes { get; private set; }

    public long CurrentAnonymousBytes { get; private set; }

    public long PeakFileBytes { get; private set; }

    public long PeakResidentBytes { get; private set; }

    public void Sample()
    {
        // A slow read must not overlap the next tick's; a child that has exited (its status gone, or a zombie's without
        // the Rss lines) simply adds nothing.
        lock (_gate)
        {
            try
            {
                ReadStatus();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Sample();
    }

    private void ReadStatus()
    {
        if (!File.Exists(_status))
        {
            return;
        }

        foreach (string line in File.ReadAllLines(_status))
        {
            if (Read(line, "RssAnon:") is { } anon)
            {
                CurrentAnonymousBytes = anon;
                PeakAnonymousBytes = Math.Max(PeakAnonymousBytes, anon);
            }
            else if (Read(line, "RssFile:") is { } file)
            {
                PeakFileBytes = Math.Max(PeakFileBytes, file);
            }
            else if (Read(line, "VmHWM:") is { } hwm)
            {
                PeakResidentBytes = Math.Max(PeakResidentBytes, hwm);
            }
        }
    }

    private static long? Read(string line, string key) =>
        line.StartsWith(key, StringComparison.Ordinal)
            ? long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024
            : null;
}
