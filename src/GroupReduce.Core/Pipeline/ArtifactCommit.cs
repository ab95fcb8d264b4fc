using System.Text;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Reporting;

namespace GroupReduce.Core.Pipeline;

/// <summary>
/// Puts a staged artifact and its reports in place as one commit. Everything is written to temporary files first; then,
/// past the last cancellation check, the reports are renamed and the artifact is renamed last, so the artifact is what
/// marks a finished run. A kill at any point leaves the previous artifact byte for byte or the new one with its own
/// reports; only between the two renames can new reports sit beside the old artifact, and their <c>artifact.hash</c>
/// then differs from the artifact's. A run without reports removes the previous run's, so they never describe it; an
/// ONNX model written without external data removes the previous run's <c>NAME.data</c> once it is in place.
/// </summary>
internal static class ArtifactCommit
{
    /// <summary>Stages the reports, then commits reports and artifact.</summary>
    /// <param name="artifact">The staged artifact.</param>
    /// <param name="report">Its report (its <see cref="CompressionReport.Artifact"/> describes <paramref name="artifact"/>).</param>
    /// <param name="writeReports">Whether the spec asks for reports.</param>
    /// <param name="observer">For the test hook's announcement.</param>
    /// <param name="cancellationToken">Honoured until the first rename, ignored after it.</param>
    public static void Commit(StagedFile artifact, CompressionReport report, bool writeReports, IRunObserver observer, CancellationToken cancellationToken)
    {
        (string json, string markdown) = OutputNames.ReportPaths(artifact.TargetPath);
        using StagedFile? jsonFile = writeReports ? StagedFile.Write(json, s => s.Write(Encoding.UTF8.GetBytes(ReportWriter.ToJson(report))), cancellationToken) : null;
        using StagedFile? markdownFile = writeReports ? StagedFile.Write(markdown, s => s.Write(Encoding.UTF8.GetBytes(ReportWriter.ToMarkdown(report))), cancellationToken) : null;
        CommitTestHook.Pause(CommitTestHook.BeforeCommit, observer, cancellationToken);

        // The last point at which a cancel leaves the output as it was. From here on the run finishes its commit whatever
        // the token says: a run reported as cancelled must not have written anything, and the renames take microseconds.
        cancellationToken.ThrowIfCancellationRequested();
        bool committed = false;
        try
        {
            if (jsonFile is not null && markdownFile is not null)
            {
                jsonFile.Commit();
                markdownFile.Commit();
            }
            else
            {
                RemovePrevious(json, "report");
                RemovePrevious(markdown, "report");
            }

            CommitTestHook.Pause(CommitTestHook.InCommit, observer, CancellationToken.None);
            artifact.Commit();
            committed = true;

            // An ONNX model written without external data leaves no earlier run's NAME.data beside it: nothing refers to
            // it, and whatever ships the artifact with its data file (the build) would ship that one. Removed after the
            // commit, so a kill before it still leaves the previous model with its data.
            if (artifact.Companion is null && OutputNames.IsOnnx(artifact.TargetPath))
            {
                RemovePrevious(OutputNames.ExternalDataPath(artifact.TargetPath), "external data file");
            }
        }
        finally
        {
            if (!committed && writeReports)
            {
                // Reports of an artifact that is not there would only mislead.
                AtomicFile.TryDelete(json);
                AtomicFile.TryDelete(markdown);
            }
        }
    }

    private static void RemovePrevious(string path, string what)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Abstractions.GroupReduceException(
                PipelineErrorCodes.OutputUnwritable,
                $"cannot remove the previous run's {what} '{path}', which would be taken for the new artifact's: {ex.Message}",
                Abstractions.SourceLocation.OfFile(path),
                ex);
        }
    }
}
