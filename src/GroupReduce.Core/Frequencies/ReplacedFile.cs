namespace GroupReduce.Core.Frequencies;

/// <summary>
/// Writes a file through a temporary file beside it and a rename, so a reader never sees half a file and a failed write
/// leaves the old one. (Artifacts has its own, with output locks; this room may not use that one.)
/// </summary>
internal static class ReplacedFile
{
    /// <summary>Writes <paramref name="path"/>.</summary>
    /// <param name="path">The target.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="cancellationToken">Checked before the rename; the temporary file is removed.</param>
    public static void Write(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(path) ?? ".", $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
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
