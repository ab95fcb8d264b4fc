namespace GroupReduce.Core.Models.Mapping;

/// <summary>
/// Creates the scratch files that text embeddings and deflated .npz members are converted into before
/// they are mapped. They have no name while open where the OS allows it: on Unix the name is removed right after the
/// file is created (the open handle keeps the data, and the kernel frees it when the last handle goes, a killed process's
/// included); on Windows <see cref="FileOptions.DeleteOnClose"/> removes it when the process closes it or dies.
/// </summary>
internal static class TemporaryFile
{
    /// <summary>Creates an empty read/write temporary file.</summary>
    /// <param name="sourcePath">The input the data comes from, for messages.</param>
    /// <returns>The open file, positioned at 0.</returns>
    public static FileStream Create(string sourcePath)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"groupreduce-{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16, FileOptions.DeleteOnClose);
            if (!OperatingSystem.IsWindows())
            {
                // A run killed outright runs no Dispose: without a name, its float32 copy cannot outlive it in TMPDIR.
                File.Delete(path);
            }

            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failed(sourcePath, e);
        }
    }

    /// <summary>The error for a failed write to a temporary file.</summary>
    /// <param name="sourcePath">The input the data comes from.</param>
    /// <param name="e">The I/O failure.</param>
    /// <returns>The exception to throw.</returns>
    public static Abstractions.GroupReduceException Failed(string sourcePath, Exception e) =>
        ModelError.InFile(
            ModelErrorCodes.TemporaryFileFailed,
            sourcePath,
            $"cannot write the temporary float32 copy in '{System.IO.Path.GetTempPath()}': {e.Message} Free disk space there or point TMPDIR (TEMP on Windows) at a larger disk.",
            e);
}
