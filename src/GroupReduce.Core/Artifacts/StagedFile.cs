using GroupReduce.Abstractions;
using GroupReduce.Core.Execution;

namespace GroupReduce.Core.Artifacts;

/// <summary>
/// A file written completely under a temporary name beside its target (<c>.NAME.&lt;32 hex&gt;.tmp</c>, see
/// <see cref="AtomicFile.TemporaryPath"/>) and put in place by <see cref="Commit"/>, a rename within one folder. Disposing
/// an uncommitted one deletes it; one a killed process left behind is removed by the next run to the same target
/// (<see cref="AtomicFile.RemoveStale"/>).
/// </summary>
internal sealed class StagedFile : IDisposable
{
    private bool _committed;

    private StagedFile(string targetPath, string temporaryPath)
    {
        TargetPath = targetPath;
        TemporaryPath = temporaryPath;
    }

    /// <summary>Where <see cref="Commit"/> puts the file.</summary>
    public string TargetPath { get; }

    /// <summary>Where the file is until then (readable: a quality target measures a trial there).</summary>
    public string TemporaryPath { get; }

    /// <summary>Writes a file to a temporary name beside <paramref name="path"/>, flushed to disk, without committing it.</summary>
    /// <param name="path">The target.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="cancellationToken">Stops the write; the temporary file is removed.</param>
    /// <returns>The staged file.</returns>
    public static StagedFile Write(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        string target = Path.GetFullPath(path);
        AtomicFile.CreateFolder(target);
        var staged = new StagedFile(target, AtomicFile.TemporaryPath(target));
        try
        {
            using (var stream = new FileStream(staged.TemporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.SequentialScan))
            {
                var hashing = new HashingStream(stream);
                write(hashing);
                cancellationToken.ThrowIfCancellationRequested();
                stream.Flush(flushToDisk: true);
                staged.Length = hashing.Written;
                staged.Hash = hashing.Hash;
            }

            return staged;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            staged.Dispose();
            throw new GroupReduceException(PipelineErrorCodes.OutputUnwritable, $"cannot write '{target}': {ex.Message}", SourceLocation.OfFile(target), ex);
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>The staged file's size in bytes.</summary>
    public long Length { get; private set; }

    /// <summary>The staged file's hash (<c>xxh128:</c>…), taken as it was written.</summary>
    public string Hash { get; private set; } = string.Empty;

    /// <summary>
    /// A file the artifact refers to and cannot be used without (an ONNX model's external data): committed just before
    /// it and removed with it. Restored from the cache with it too.
    /// </summary>
    public StagedFile? Companion { get; private set; }

    /// <summary>Attaches <see cref="Companion"/>; this file now owns it.</summary>
    /// <param name="companion">The staged companion.</param>
    /// <returns>This file.</returns>
    public StagedFile WithCompanion(StagedFile companion)
    {
        Companion = companion;
        return this;
    }

    /// <summary>Renames the file over its target (atomic within a folder), its companion first.</summary>
    public void Commit()
    {
        Companion?.Commit();
        try
        {
            File.Move(TemporaryPath, TargetPath, overwrite: true);
            _committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GroupReduceException(PipelineErrorCodes.OutputUnwritable, $"cannot write '{TargetPath}': {ex.Message}", SourceLocation.OfFile(TargetPath), ex);
        }
    }

    /// <summary>Deletes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        Companion?.Dispose();
        if (!_committed)
        {
            _committed = true;
            AtomicFile.TryDelete(TemporaryPath);
        }
    }
}
