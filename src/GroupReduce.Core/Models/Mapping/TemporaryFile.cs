namespace GroupReduce.Core.Models.Mapping;

/// <summary>
/// Creates the scratch files that text embeddings and deflated .npz members are converted into before
/// they are mapped. They are opened with <see cref="FileOptions.DeleteOnClose"/>, so they vanish when the
/// mapping is disposed (and, on Windows, even when the process dies).
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
            return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16, FileOptions.DeleteOnClose);
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
