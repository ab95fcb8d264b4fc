using System.Runtime.InteropServices;
using System.Text;
using GroupReduce.Core.Models.Mapping;
using GroupReduce.Core.Models.Tensors;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Reads word2vec text (a <c>rows columns</c> header line) and GloVe text (no header): one token and its
/// values per line. The values are parsed with the invariant culture into a temporary float32 file that
/// is then mapped, so the matrix never sits in managed memory. The tensor is <c>embedding</c>.
/// </summary>
internal static class EmbeddingTextReader
{
    /// <summary>The name of the one tensor.</summary>
    public const string TensorName = "embedding";

    /// <summary>The longest line accepted.</summary>
    public const int MaxLineBytes = 64 << 20;

    private const int BufferValues = 1 << 16;

    /// <summary>Converts the text to a mapped float32 matrix.</summary>
    /// <param name="source">The mapped text file; disposed once converted.</param>
    /// <returns>The model file.</returns>
    public static LoadedModelFile Read(MappedFile source)
    {
        using (source)
        {
            return Convert(source);
        }
    }

    private static LoadedModelFile Convert(MappedFile source)
    {
        string path = source.Path;
        long position = source.Length >= 3 && source.Span(0, 3).SequenceEqual("\uFEFF"u8) ? 3 : 0;
        long lineNumber = 0;
        long declaredRows = -1;
        int columns = -1;
        long firstDataLine = 1;

        ReadOnlySpan<byte> first = NextLine(source, ref position, ref lineNumber);
        if (EmbeddingText.TryParseHeader(first, out long rows, out long width))
        {
            if (width < 1 || width > int.MaxValue / sizeof(float))
            {
                throw ModelError.AtLine(ModelErrorCodes.HeaderInvalid, path, 1, 1, $"the word2vec header declares {width} columns; it must be between 1 and {int.MaxValue / sizeof(float)}. Fix the header line ('rows columns').");
            }

            declaredRows = rows;
            columns = (int)width;
            firstDataLine = 2;
        }
        else
        {
            position = source.Length >= 3 && source.Span(0, 3).SequenceEqual("\uFEFF"u8) ? 3 : 0;
            lineNumber = 0;
        }

        FileStream temporary = TemporaryFile.Create(path);
        MappedFile? matrix = null;
        try
        {
            var tokens = new List<string>((int)Math.Min(Math.Min(Math.Max(declaredRows, 1024), 1 << 20), source.Length / 2 + 1));
            var buffer = new float[BufferValues];
            int buffered = 0;
            long rowCount = 0;
            while (position < source.Length)
            {
                ReadOnlySpan<byte> line = EmbeddingText.TrimEnd(NextLine(source, ref position, ref lineNumber));
                ReadOnlySpan<byte> rest = line;
                ReadOnlySpan<byte> token = EmbeddingText.NextField(ref rest, out int tokenStart);
                if (token.IsEmpty)
                {
                    continue;
                }

                int consumed = tokenStart + token.Length;
                if (columns < 0)
                {
                    columns = CountFields(rest);
                    if (columns == 0)
                    {
                        throw ModelError.AtLine(ModelErrorCodes.TextRowRagged, path, lineNumber, 1, $"the first line holds a token ('{Excerpt.Of(token)}') but no values. A GloVe/word2vec text line is 'token v1 v2 ... vd'.");
                    }
                }

                // Each value takes a byte and a separator: a header that declares more columns than the
                // line could hold is refused here, before a buffer is sized from it.
                if (columns > (rest.Length + 1) / 2)
                {
                    throw Ragged(path, lineNumber, CountFields(rest), columns, declaredRows >= 0, firstDataLine);
                }

                if (buffered + columns > buffer.Length)
                {
                    Flush(path, temporary, buffer, ref buffered);
                    if (columns > buffer.Length)
                    {
                        buffer = new float[columns];
                    }
                }

                int count = 0;
                while (true)
                {
                    ReadOnlySpan<byte> field = EmbeddingText.NextField(ref rest, out int start);
                    consumed += start;
                    if (field.IsEmpty)
                    {
                        break;
                    }

                    if (count == columns)
                    {
                        throw Ragged(path, lineNumber, CountFields(line) - 1, columns, declaredRows >= 0, firstDataLine);
                    }

                    if (!EmbeddingText.TryParseFloat(field, out buffer[buffered + count]))
                    {
                        throw ModelError.AtLine(
                            ModelErrorCodes.TextValueInvalid,
                            path,
                            lineNumber,
                            consumed + 1,
                            $"value {count + 1} of '{Excerpt.Of(token)}' is '{Excerpt.Of(field)}', not a number (invariant culture: '.' decimal point, optional exponent).");
                    }

                    consumed += field.Length;
                    count++;
                }

                if (count != columns)
                {
                    throw Ragged(path, lineNumber, count, columns, declaredRows >= 0, firstDataLine);
                }

                buffered += columns;
                tokens.Add(Encoding.UTF8.GetString(token));
                rowCount++;
            }

            if (declaredRows >= 0 && rowCount != declaredRows)
            {
                throw ModelError.InFile(
                    ModelErrorCodes.RowCountMismatch,
                    path,
                    $"the word2vec header declares {declaredRows} rows but the file holds {rowCount}. Fix the header's first number or restore the missing lines.");
            }

            if (columns < 0)
            {
                throw ModelError.InFile(ModelErrorCodes.Truncated, path, "the text embedding file holds no rows.");
            }

            Flush(path, temporary, buffer, ref buffered);
            matrix = MappedFile.FromStream(path, temporary);
            long byteLength = rowCount * columns * sizeof(float);
            var tensor = new StoredTensor(path, TensorName, TensorDType.F32, [rowCount, columns], byteLength, new MappedRange(matrix, 0, byteLength));
            return new LoadedModelFile(path, ModelFormat.Word2VecText, [tensor], tokens, new Dictionary<string, string>(), [matrix]);
        }
        catch (IOException e)
        {
            matrix?.Dispose();
            temporary.Dispose();
            throw TemporaryFile.Failed(path, e);
        }
        catch
        {
            matrix?.Dispose();
            temporary.Dispose();
            throw;
        }
    }

    private static ReadOnlySpan<byte> NextLine(MappedFile source, ref long position, ref long lineNumber)
    {
        lineNumber++;
        int window = (int)Math.Min(source.Length - position, MaxLineBytes + 1L);
        ReadOnlySpan<byte> bytes = source.Span(position, window);
        int newline = bytes.IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (window > MaxLineBytes)
            {
                throw ModelError.AtLine(ModelErrorCodes.HeaderInvalid, source.Path, lineNumber, 1, $"the line is longer than {MaxLineBytes >> 20} MB. This is not a text embedding file.");
            }

            position += window;
            return bytes;
        }

        position += newline + 1;
        return bytes[..newline];
    }

    private static int CountFields(ReadOnlySpan<byte> line)
    {
        int count = 0;
        while (!EmbeddingText.NextField(ref line, out _).IsEmpty)
        {
            count++;
        }

        return count;
    }

    private static void Flush(string path, FileStream temporary, float[] buffer, ref int buffered)
    {
        temporary.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, buffered)));
        buffered = 0;
    }

    private static Abstractions.GroupReduceException Ragged(string path, long line, int count, int columns, bool hasHeader, long firstDataLine) =>
        ModelError.AtLine(
            ModelErrorCodes.TextRowRagged,
            path,
            line,
            1,
            $"the line has {count} values but {(hasHeader ? "the header declares" : $"line {firstDataLine} has")} {columns}. Every line must be a token and exactly {columns} values (a token containing spaces also causes this).");
}
