using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Readers;

namespace GroupReduce.Core.Models;

/// <summary>
/// Opens model files by their content, never their name (<c>lm.bin</c> may be any supported format):
/// safetensors (one file, or sharded: the index, or the folder holding it, see <see cref="ResolvePath"/>), GGUF, NumPy .npy
/// and .npz, word2vec binary and text, GloVe text, ONNX. Errors are
/// <see cref="Abstractions.GroupReduceException"/>s with <see cref="ModelErrorCodes"/> codes.
/// </summary>
public static class ModelFileReader
{

    /// <summary>Detects the format of a file from its first bytes.</summary>
    /// <param name="path">The file, or a checkpoint folder (<see cref="ResolvePath"/>).</param>
    /// <returns>The format.</returns>
    /// <exception cref="Abstractions.GroupReduceException">
    /// <see cref="ModelErrorCodes.FileUnreadable"/> when the file cannot be read;
    /// <see cref="ModelErrorCodes.UnrecognizedFormat"/> when no format matches.
    /// </exception>
    public static ModelFormat Detect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = ResolvePath(path);
        byte[] head;
        long length;
        MappedFile.RequireRegular(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            length = stream.Length;
            head = new byte[(int)Math.Min(length, FormatDetector.HeadBytes)];
            stream.ReadExactly(head);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw ModelError.InFile(ModelErrorCodes.FileUnreadable, path, $"cannot read the file: {e.Message} Check the path and its permissions.", e);
        }

        return FormatDetector.Detect(head, length) ?? (ShardIndex.Looks(head, path) ? ModelFormat.Safetensors : throw Unrecognized(path, head));
    }

    /// <summary>
    /// The model file a path names: the path itself, or for a folder (a Hugging Face checkpoint) the one
    /// <c>*.safetensors.index.json</c> in it, else its <c>model.safetensors</c>.
    /// </summary>
    /// <param name="path">A model file or a checkpoint folder.</param>
    /// <returns>The file to open (full path for a folder; otherwise as given).</returns>
    /// <exception cref="Abstractions.GroupReduceException">
    /// <see cref="ModelErrorCodes.FileUnreadable"/> when the folder holds several indexes, or neither an index nor <c>model.safetensors</c>.
    /// </exception>
    public static string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Directory.Exists(path))
        {
            return path;
        }

        string folder = Path.GetFullPath(path);
        string[] indexes = CheckpointFolder.Indexes(folder);
        if (indexes.Length > 1)
        {
            throw ModelError.InFile(
                ModelErrorCodes.FileUnreadable,
                folder,
                $"the folder holds {indexes.Length} sharded safetensors indexes ({string.Join(", ", indexes.Select(Path.GetFileName))}), so which checkpoint to read is unclear. Name the index file itself.");
        }

        if (CheckpointFolder.ModelFile(folder) is { } file)
        {
            return file;
        }

        throw ModelError.InFile(
            ModelErrorCodes.FileUnreadable,
            folder,
            $"the path is a folder with no *{CheckpointFolder.IndexSuffix} (a sharded checkpoint's index) and no model.safetensors. Name the model file itself, or the folder of a Hugging Face checkpoint.");
    }

    /// <summary>Opens a model file: detects its format, validates its structure and maps it read-only.</summary>
    /// <param name="path">The file, or a checkpoint folder (<see cref="ResolvePath"/>).</param>
    /// <returns>The open file; dispose it to release the mapping and any temporary files.</returns>
    /// <exception cref="Abstractions.GroupReduceException">The file is unreadable, unrecognised or malformed (a GR20xx code names which).</exception>
    public static ModelFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = ResolvePath(path);
        MappedFile file = MappedFile.Open(path);
        try
        {
            ReadOnlySpan<byte> head = file.Span(0, (int)Math.Min(file.Length, FormatDetector.HeadBytes));
            ModelFormat? detected = FormatDetector.Detect(head, file.Length);
            if (detected is null && ShardIndex.Looks(head, path))
            {
                // JSON, which no model format is: the index of a sharded safetensors checkpoint.
                return ShardedSafetensorsReader.Read(file);
            }

            ModelFormat format = detected ?? throw Unrecognized(path, head);
            return format switch
            {
                ModelFormat.Safetensors => SafetensorsReader.Read(file),
                ModelFormat.Npy => NpyReader.Read(file),
                ModelFormat.Npz => NpzReader.Read(file),
                ModelFormat.Word2VecBinary => Word2VecBinaryReader.Read(file),
                ModelFormat.Word2VecText => EmbeddingTextReader.Read(file),
                ModelFormat.Gguf => GgufReader.Read(file),
                ModelFormat.Onnx => OnnxReader.Read(file),
                _ => throw Unrecognized(path, head),
            };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static Abstractions.GroupReduceException Unrecognized(string path, ReadOnlySpan<byte> head)
    {
        string start = head.IsEmpty ? "the file is empty" : $"it starts with bytes {Convert.ToHexString(head[..Math.Min(head.Length, 8)])}";
        return ModelError.InFile(
            ModelErrorCodes.UnrecognizedFormat,
            path,
            $"not a recognised model file ({start}). Formats are recognised by content, not extension: {FormatDetector.Recognised}. Convert the model to one of these.");
    }
}
