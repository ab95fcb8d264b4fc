using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// Serializes runs that write one output: a lock file <c>.NAME.lock</c> beside it, held open with
/// <see cref="FileShare.None"/> for the whole run. That is a kernel lock (<c>flock</c> on Unix, a share mode on Windows),
/// so it dies with its process: a killed run's lock file stays behind but blocks nobody, and the next run takes it over.
/// A second run fails at once with <see cref="PipelineErrorCodes.OutputLocked"/> rather than waiting an unknown time.
/// </summary>
internal sealed class OutputLock : IDisposable
{
    // EWOULDBLOCK from flock (Linux 11, macOS 35); ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
    private const int LinuxWouldBlock = 11;
    private const int MacWouldBlock = 35;
    private const int SharingViolation = 32;
    private const int LockViolation = 33;

    private readonly FileStream _stream;

    private OutputLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of an output: <c>.NAME.lock</c> beside it.</summary>
    /// <param name="output">The output's full path.</param>
    /// <returns>The lock file's path.</returns>
    public static string PathFor(string output) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(output) ?? ".", $".{System.IO.Path.GetFileName(output)}.lock");

    /// <summary>Takes the lock of <paramref name="output"/> (creating its folder), or fails at once if another run holds it.</summary>
    /// <param name="output">The output's full path.</param>
    /// <param name="location">Where the output path was chosen, for messages.</param>
    /// <returns>The held lock; dispose it to release it and remove the lock file.</returns>
    public static OutputLock Acquire(string output, SourceLocation location)
    {
        AtomicFile.CreateFolder(output);
        string path = PathFor(output);
        for (int attempt = 0; ; attempt++)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
            }
            catch (IOException ex) when (IsHeld(ex))
            {
                throw new GroupReduceException(
                    PipelineErrorCodes.OutputLocked,
                    $"another groupreduce run is writing '{output}' (it holds the lock file '{path}', which names its process); wait for it to finish, or choose another output path",
                    location,
                    ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GroupReduceException(PipelineErrorCodes.OutputUnwritable, $"cannot create the lock file '{path}' beside the output: {ex.Message}; choose an output folder you can write to", location, ex);
            }

            // On Unix the run before may have removed the name between our open and our lock: then we hold a lock on a
            // file nobody else will ever open. Only a lock on the file the name still holds counts.
            if (!OperatingSystem.IsWindows() && attempt < 8
                && UnixFileStatus.OfHandle(stream.SafeFileHandle) is { } held && UnixFileStatus.OfPath(path) != held)
            {
                stream.Dispose();
                continue;
            }

            // For people only (the lock is the kernel's, not this text): which run holds it.
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"groupreduce pid {Environment.ProcessId} since {DateTime.UtcNow:O} writing {output}\n")));
            stream.Flush();
            return new OutputLock(stream, path);
        }
    }

    /// <summary>Removes the lock file and releases the lock (in that order on Unix, so nobody locks a name about to vanish).</summary>
    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            AtomicFile.TryDelete(Path);
        }

        _stream.Dispose();
    }

    private static bool IsHeld(IOException ex)
    {
        int code = ex.HResult & 0xFFFF;
        return OperatingSystem.IsWindows() ? code is SharingViolation or LockViolation : code == (OperatingSystem.IsMacOS() ? MacWouldBlock : LinuxWouldBlock);
    }
}
