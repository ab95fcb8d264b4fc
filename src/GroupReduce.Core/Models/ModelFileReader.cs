using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Readers;

namespace GroupReduce.Core.Models;

/// <summary>
/// Opens model files by their content, never their name (<c>lm.bin</c> may be any supported format):
/// safetensors, GGUF, NumPy .npy and .npz, word2vec binary and text, GloVe text, ONNX. Errors are
/// <see cref="Abstractions.GroupReduceException"/>s with <see cref="ModelErrorCodes"/> codes.
/// </summary>
public static class ModelFileReader
{
    /// <summary>Detects the format of a file from its first bytes.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The format.</returns>
    /// <exception cref="Abstractions.GroupReduceException">
    /// <see cref="ModelErrorCodes.FileUnreadable"/> when the file cannot be read;
    /// <see cref="ModelErrorCodes.UnrecognizedFormat"/> when no format matches.
    /// </exception>
    public static ModelFormat Detect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
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

        return FormatDetector.Detect(head, length) ?? throw Unrecognized(path, head);
    }

    /// <summary>Opens a model file: detects its format, validates its structure and maps it read-only.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The open file; dispose it to release the mapping and any temporary files.</returns>
    /// <exception cref="Abstractions.GroupReduceException">The file is unreadable, unrecognised or malformed (a GR20xx code names which).</exception>
    public static ModelFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        MappedFile file = MappedFile.Open(path);
        try
        {
            ReadOnlySpan<byte> head = file.Span(0, (int)Math.Min(file.Length, FormatDetector.HeadBytes));
            ModelFormat format = FormatDetector.Detect(head, file.Length) ?? throw Unrecognized(path, head);
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
