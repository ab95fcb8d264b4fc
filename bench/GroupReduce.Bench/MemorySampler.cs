using System.Globalization;

namespace GroupReduce.Bench;

/// <summary>
/// Samples this process's memory from /proc/self/status every few milliseconds and keeps the peaks:
/// anonymous memory (RssAnon: heap, buffers — what the input must not be copied into) apart from
/// file-backed memory (RssFile: the memory-mapped input).
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, 0, 20);

    public long PeakAnonymousBytes { get; private set; }

    public long CurrentAnonymousBytes { get; private set; }

    public long PeakFileBytes { get; private set; }

    public long PeakResidentBytes { get; private set; }

    public void Sample()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return;
        }

        foreach (string line in File.ReadLines("/proc/self/status"))
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

    public void Dispose()
    {
        _timer.Dispose();
        Sample();
    }

    private static long? Read(string line, string key) =>
        line.StartsWith(key, StringComparison.Ordinal)
            ? long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024
            : null;
}
