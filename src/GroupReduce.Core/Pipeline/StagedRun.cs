using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Reporting;

namespace GroupReduce.Core.Pipeline;

/// <summary>A compression done but not committed: its report and its artifact under a temporary name (none for a dry run).</summary>
/// <param name="Report">The report; its artifact entry names the target path.</param>
/// <param name="Artifact">The staged artifact; disposing the run deletes it unless it was committed.</param>
internal sealed record StagedRun(CompressionReport Report, StagedFile? Artifact) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Artifact?.Dispose();
}
