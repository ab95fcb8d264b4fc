namespace GroupReduce.Bench;

/// <summary>One CLI run: what it took, what its report says, and its peak memory as sampled from outside.</summary>
/// <param name="Target">The CLI.</param>
/// <param name="Repeat">1-based repeat of this CLI.</param>
/// <param name="WallSeconds">From process start to exit.</param>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Report">The JSON report, or null when none was written or it could not be read.</param>
/// <param name="Failure">Why the run counts as failed, or null.</param>
/// <param name="PeakAnonymousBytes">Highest RssAnon seen.</param>
/// <param name="PeakFileBytes">Highest RssFile seen (the memory-mapped input, mostly).</param>
/// <param name="PeakResidentBytes">Highest VmHWM seen.</param>
/// <param name="LogPath">The child's stdout and stderr.</param>
internal sealed record CliRunResult(CliTarget Target, int Repeat, double WallSeconds, int ExitCode, CliReport? Report, string? Failure, long PeakAnonymousBytes, long PeakFileBytes, long PeakResidentBytes, string LogPath)
{
    public string Name => $"{Target.Label} #{Repeat}";
}
