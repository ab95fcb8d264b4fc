using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Storage;

/// <summary>
/// A temporary file beside the artifact that holds encoded tensors between their computation and the
/// artifact's write, so the stored factors (a sixth of the input at 6.6x) live in the page cache instead
/// of the process's heap. Deleted when disposed.
/// </summary>
internal sealed class TensorSpool : IDisposable
{
    private readonly FileStream _file;
    private readonly object _gate = new();

    public TensorSpool(string folder)
    {
        string path = Path.Combine(folder, $".groupreduce-{Guid.NewGuid():N}.spool");
        try
        {
            Directory.CreateDirectory(folder);
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

            // A run killed outright (a build's Ctrl+C kills the engine's process tree) runs no Dispose. Windows deletes a
            // DeleteOnClose file when the process dies; elsewhere the name is removed now and the open handle keeps the data.
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GroupReduceException(PipelineErrorCodes.OutputUnwritable, $"cannot create a temporary file in '{folder}': {ex.Message}; choose an output folder you can write to", SourceLocation.OfFile(folder), ex);
        }
    }

    /// <summary>Appends bytes and returns where they start.</summary>
    public long Append(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            long offset = _file.Seek(0, SeekOrigin.End);
            _file.Write(data);
            return offset;
        }
    }

    /// <summary>Copies <paramref name="length"/> bytes starting at <paramref name="offset"/> to <paramref name="destination"/>.</summary>
    public void CopyTo(long offset, long length, Stream destination)
    {
        var buffer = new byte[(int)Math.Min(length, 1 << 20)];
        lock (_gate)
        {
            _file.Flush();
            _file.Seek(offset, SeekOrigin.Begin);
            long left = length;
            while (left > 0)
            {
                int read = _file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw new IOException("the spool file ended early");
                }

                destination.Write(buffer, 0, read);
                left -= read;
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
