using System.Text.Encodings.Web;
using System.Text.Json;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;

namespace GroupReduce.Core.Export;

/// <summary>
/// Writes an export as a folder of .npy files (one per tensor, named by <see cref="NpyFileNames"/>) and an
/// <c>index.json</c> that maps each tensor name to its file and carries the metadata. The folder is built under a temporary
/// name beside the target and renamed into place, so a failed or cancelled export leaves the target as it was.
/// </summary>
internal static class NpyExport
{
    /// <summary>The index file's name inside the folder.</summary>
    public const string IndexFile = "index.json";

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Refuses a target the export may not replace, before anything is written.</summary>
    /// <param name="path">The full path of the folder.</param>
    /// <exception cref="GroupReduceException"><see cref="ModelErrorCodes.ExportOutputInvalid"/>.</exception>
    public static void CheckTarget(string path)
    {
        if (File.Exists(path))
        {
            throw ExportOutput.Invalid(path, "is a file; --format npy writes a folder of .npy files. Give a folder path (it is created), or another --format");
        }

        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any() && !File.Exists(Path.Combine(path, IndexFile)))
        {
            throw ExportOutput.Invalid(path, $"is a folder with files of its own (no {IndexFile}, so not an earlier export, which would be replaced). Give an empty or new folder");
        }
    }

    /// <summary>Writes the folder.</summary>
    /// <param name="source">The tensors and metadata.</param>
    /// <param name="path">The full path of the folder.</param>
    /// <param name="cancellationToken">Stops the write; the target stays as it was.</param>
    /// <returns>The files written (their final paths) and their bytes.</returns>
    public static (IReadOnlyList<string> Files, long Bytes) Write(ExportSource source, string path, CancellationToken cancellationToken)
    {
        CheckTarget(path);
        AtomicFile.CreateFolder(path);
        string staging = AtomicFile.TemporaryPath(path);
        try
        {
            Directory.CreateDirectory(staging);
            var names = new NpyFileNames();
            var index = new SortedDictionary<string, string>(StringComparer.Ordinal);
            long bytes = 0;
            foreach (ExportedTensor tensor in source.Tensors)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string file = names.For(tensor.Name);
                index[tensor.Name] = file;
                bytes += WriteArray(tensor, Path.Combine(staging, file));
            }

            bytes += WriteIndex(Path.Combine(staging, IndexFile), source.Metadata, index);
            cancellationToken.ThrowIfCancellationRequested();
            Replace(staging, path);
            return ([.. index.Values.Select(f => Path.Combine(path, f)).Append(Path.Combine(path, IndexFile))], bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GroupReduceException(PipelineErrorCodes.OutputUnwritable, $"cannot write '{path}': {ex.Message}", SourceLocation.OfFile(path), ex);
        }
        finally
        {
            TryDeleteFolder(staging);
        }
    }

    private static long WriteArray(ExportedTensor tensor, string file)
    {
        byte[] header = NpyArrayHeader.Build(NpyArrayHeader.Descr(tensor.DType), tensor.Shape);
        using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        stream.Write(header);
        if (tensor.DType == SafetensorsDType.BF16)
        {
            var widening = new BFloat16Widening(stream);
            tensor.WriteData(widening);
        }
        else
        {
            tensor.WriteData(stream);
        }

        stream.Flush(flushToDisk: true);
        return stream.Length;
    }

    private static long WriteIndex(string file, IReadOnlyDictionary<string, string> metadata, SortedDictionary<string, string> index)
    {
        using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            foreach ((string key, string value) in metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteStartObject("tensors");
            foreach ((string tensor, string name) in index)
            {
                json.WriteString(tensor, name);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk: true);
        return stream.Length;
    }

    // A folder cannot be renamed over another: an earlier export is moved aside first, then removed once the new one is in place.
    private static void Replace(string staging, string path)
    {
        if (!Directory.Exists(path))
        {
            Directory.Move(staging, path);
            return;
        }

        string old = AtomicFile.TemporaryPath(path);
        Directory.Move(path, old);
        try
        {
            Directory.Move(staging, path);
        }
        catch
        {
            Directory.Move(old, path);
            throw;
        }

        TryDeleteFolder(old);
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary name never passes for the export itself.
        }
    }
}
