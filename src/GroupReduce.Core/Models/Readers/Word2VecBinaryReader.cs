using System.Text;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads word2vec binary: an ASCII header line <c>rows columns</c>, then per row a token, a space,
/// <c>columns</c> little-endian float32 values and an optional newline. Rows stay in the mapping at
/// their recorded offsets. The tensor is <c>embedding</c>; the tokens are the vocabulary.
/// </summary>
internal static class Word2VecBinaryReader
{
    /// <summary>The longest token accepted, in bytes.</summary>
    public const int MaxTokenBytes = 1 << 16;

    private const int MaxHeaderBytes = 256;

    /// <summary>Finds every row and checks it lies in the file.</summary>
    /// <param name="file">The mapped file; the result owns it.</param>
    /// <returns>The model file.</returns>
    public static LoadedModelFile Read(MappedFile file)
    {
        string path = file.Path;
        (long rows, int columns, long position) = ReadHeader(file);
        int rowBytes = columns * sizeof(float);
        var offsets = new long[rows];
        var tokens = new List<string>((int)Math.Min(rows, 1 << 20));
        for (long r = 0; r < rows; r++)
        {
            while (position < file.Length && file.Span(position, 1)[0] is (byte)'\n' or (byte)'\r')
            {
                position++;
            }

            int window = (int)Math.Min(file.Length - position, MaxTokenBytes + 1L);
            ReadOnlySpan<byte> head = file.Span(position, window);
            int space = head.IndexOf((byte)' ');
            if (space < 0)
            {
                throw window > MaxTokenBytes
                    ? ModelError.InFile(ModelErrorCodes.HeaderInvalid, path, $"row {r} (byte {position}) has no space within {MaxTokenBytes} bytes to end its token. The file is corrupt or not word2vec binary.")
                    : ModelError.InFile(ModelErrorCodes.Truncated, path, $"the file ends inside the token of row {r} (byte {position}); the header declares {rows} rows. The file is truncated; re-export it.");
            }

            string token = Encoding.UTF8.GetString(head[..space]);
            long dataOffset = position + space + 1;
            if (rowBytes > file.Length - dataOffset)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.Truncated,
                    path,
                    $"row {r} ('{Excerpt.Of(token)}') needs {rowBytes} bytes from byte {dataOffset} but the file ends at {file.Length}; the header declares {rows} rows of {columns} values. The file is truncated; re-export it.");
            }

            offsets[r] = dataOffset;
            tokens.Add(token);
            position = dataOffset + rowBytes;
        }

        while (position < file.Length && file.Span(position, 1)[0] is (byte)'\n' or (byte)'\r' or (byte)' ')
        {
            position++;
        }

        if (position != file.Length)
        {
            throw ModelError.InFile(
                ModelErrorCodes.RowCountMismatch,
                path,
                $"{file.Length - position} bytes follow the last of the {rows} rows the header declares (from byte {position}). The header's row count is wrong or the file was appended to.");
        }

        long byteLength = rows * rowBytes;
        var tensor = new StoredTensor(path, EmbeddingTextReader.TensorName, TensorDType.F32, [rows, columns], byteLength, new ScatteredRows(file, offsets, rowBytes));
        return new LoadedModelFile(path, ModelFormat.Word2VecBinary, [tensor], tokens, new Dictionary<string, string>(), [file]);
    }

    private static (long Rows, int Columns, long DataStart) ReadHeader(MappedFile file)
    {
        ReadOnlySpan<byte> head = file.Span(0, (int)Math.Min(file.Length, MaxHeaderBytes));
        int newline = head.IndexOf((byte)'\n');
        if (newline < 0 || !EmbeddingText.TryParseHeader(head[..newline], out long rows, out long columns))
        {
            throw ModelError.AtLine(ModelErrorCodes.HeaderInvalid, file.Path, 1, 1, "the word2vec header must be a line 'rows columns' (two integers). The file is corrupt or not word2vec binary.");
        }

        if (columns < 1 || columns > int.MaxValue / sizeof(float))
        {
            throw ModelError.AtLine(ModelErrorCodes.HeaderInvalid, file.Path, 1, 1, $"the word2vec header declares {columns} columns; it must be between 1 and {int.MaxValue / sizeof(float)}.");
        }

        // Each row takes at least its values and the space after the token; a larger count cannot be true.
        long dataStart = newline + 1;
        long minimumRowBytes = (columns * sizeof(float)) + 1;
        if (rows > (file.Length - dataStart) / minimumRowBytes)
        {
            throw ModelError.InFile(
                ModelErrorCodes.Truncated,
                file.Path,
                $"the word2vec header declares {rows} rows of {columns} values (at least {minimumRowBytes} bytes each) but only {file.Length - dataStart} bytes follow it. The file is truncated or the header is wrong.");
        }

        return (rows, (int)columns, dataStart);
    }
}
