namespace GroupReduce.Core;

/// <summary>
/// Writes a file through a temporary file beside it and a rename, so a reader never sees half a file and a failed write
/// leaves the old one; and names those temporary files. In Core's root, which uses no room, so every room can use it:
/// the counts cache and counts files here, the artifacts through <c>Artifacts.StagedFile</c> (which adds output folders,
/// error codes and a separate commit) on the same temporary names.
/// </summary>
internal static class ReplacedFile
{
    /// <summary>A new temporary name beside <paramref name="target"/>: <c>.NAME.&lt;32 hex&gt;.tmp</c>, hidden and never taken for the file itself.</summary>
    /// <param name="target">The full path of the target.</param>
    /// <returns>The temporary path.</returns>
    public static string TemporaryPath(string target) =>
        Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Writes <paramref name="path"/>.</summary>
    /// <param name="path">The target.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="cancellationToken">Checked before the rename; the temporary file is removed.</param>
    public static void Write(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        string temporary = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the user; the target is untouched either way.
            }
        }
    }
}
