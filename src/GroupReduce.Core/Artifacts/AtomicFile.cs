using GroupReduce.Abstractions;
using GroupReduce.Core.Pipeline;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// Writes a file through a temporary file in the same folder and renames it into place, so a failed or
/// cancelled run never leaves a half-written file under the final name (and the next build redoes the work).
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GroupReduceException(PipelineErrorCodes.OutputUnwritable, $"cannot create the output folder '{folder}': {ex.Message}; choose another output path", SourceLocation.OfFile(path), ex);
        }

        string temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.SequentialScan))
            {
                write(stream);
                cancellationToken.ThrowIfCancellationRequested();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new GroupReduceException(PipelineErrorCodes.OutputUnwritable, $"cannot write '{path}': {ex.Message}", SourceLocation.OfFile(path), ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is named so that it never passes for the artifact.
        }
    }
}
