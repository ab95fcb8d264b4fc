using System.Buffers;
using System.IO.Hashing;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models.Mapping;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// Reads corpus files one after another in pieces of about <see cref="CorpusCountOptions.ChunkBytes"/> that end just after a
/// <c>\n</c>, so no line, and no UTF-8 sequence, is ever split between pieces; the whole file is never in memory. A UTF-8
/// byte order mark at a file's start is dropped. Hashes the bytes as it reads, so a file that changed since the cache key
/// was taken is noticed.
/// </summary>
internal static class CorpusChunkReader
{
    /// <summary>Opens a corpus file for reading, or throws GR2130 naming it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">The stream's buffer.</param>
    /// <returns>The stream.</returns>
    public static FileStream Open(string path, int bufferSize)
    {
        if (RegularFile.Problem(path) is { } kind)
        {
            throw new GroupReduceException(CorpusErrorCodes.Unreadable, $"the corpus file '{path}' is {kind}, not a regular file; name text files (a symbolic link to one is fine)", SourceLocation.OfFile(path));
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            string why = ex is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({ex.Message})";
            throw new GroupReduceException(CorpusErrorCodes.Unreadable, $"the corpus file '{path}' {why}; check the path and its permissions", SourceLocation.OfFile(path), ex);
        }
    }

    /// <summary>A read failure in the middle of a file, as GR2130.</summary>
    /// <param name="path">The file.</param>
    /// <param name="ex">The failure.</param>
    /// <returns>The exception to throw.</returns>
    public static GroupReduceException ReadFailed(string path, IOException ex) =>
        new(CorpusErrorCodes.Unreadable, $"cannot read the corpus file '{path}': {ex.Message}", SourceLocation.OfFile(path), ex);

    /// <summary>The pieces of every file, in order.</summary>
    /// <param name="files">The files.</param>
    /// <param name="chunkBytes">The usual piece size.</param>
    /// <param name="hashes">Filled with each file's XXH128 (over all its bytes) once the file is read to its end.</param>
    /// <param name="cancellationToken">Stops between pieces.</param>
    /// <returns>The pieces; each buffer is the taker's to return.</returns>
    public static IEnumerable<CorpusChunk> Read(IReadOnlyList<string> files, int chunkBytes, byte[][] hashes, CancellationToken cancellationToken)
    {
        for (int index = 0; index < files.Count; index++)
        {
            foreach (CorpusChunk chunk in ReadFile(index, files[index], chunkBytes, hashes, cancellationToken))
            {
                yield return chunk;
            }
        }
    }

    private static IEnumerable<CorpusChunk> ReadFile(int index, string path, int chunkBytes, byte[][] hashes, CancellationToken cancellationToken)
    {
        var hash = new XxHash128();
        using FileStream stream = Open(path, bufferSize: 1 << 16);
        byte[] carry = [];
        int carryLength = 0;
        long offset = 0;
        long line = 1;
        bool first = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // A line longer than a piece grows the next buffer until the line fits (up to the line cap).
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(chunkBytes, carryLength * 2));
            Array.Copy(carry, buffer, carryLength);
            int filled = carryLength;
            bool end = false;
            try
            {
                while (filled < buffer.Length)
                {
                    int read = stream.Read(buffer, filled, buffer.Length - filled);
                    if (read == 0)
                    {
                        end = true;
                        break;
                    }

                    hash.Append(buffer.AsSpan(filled, read));
                    filled += read;
                }
            }
            catch (IOException ex)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw ReadFailed(path, ex);
            }

            int start = 0;
            if (first)
            {
                first = false;
                if (filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    start = 3;
                }
            }

            int cut = end ? filled : buffer.AsSpan(start, filled - start).LastIndexOf((byte)'\n') + start + 1;
            if (!end && cut == start)
            {
                // No line break in the whole buffer: the line goes on.
                if (filled - start > CorpusCounter.MaxLineBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw new GroupReduceException(
                        CorpusErrorCodes.LineTooLong,
                        $"line {line} of the corpus file '{path}' is longer than {CorpusCounter.MaxLineBytes:N0} bytes; text is split into pieces only at line breaks, so break it into lines (paragraphs or sentences)",
                        new SourceLocation(path, (int)Math.Min(line, int.MaxValue), 1));
                }

                carry = buffer.AsSpan(start, filled - start).ToArray();
                carryLength = carry.Length;
                offset += start;
                ArrayPool<byte>.Shared.Return(buffer);
                continue;
            }

            // The piece is moved to the buffer's start so the taker needs no start index; the rest is carried over.
            carryLength = filled - cut;
            carry = carryLength == 0 ? [] : buffer.AsSpan(cut, carryLength).ToArray();
            int length = cut - start;
            if (start > 0)
            {
                Array.Copy(buffer, start, buffer, 0, length);
            }

            if (length > 0)
            {
                long pieceOffset = offset + start;
                long pieceLine = line;
                line += buffer.AsSpan(0, length).Count((byte)'\n');
                offset = pieceOffset + length;
                yield return new CorpusChunk(index, buffer, length, pieceOffset, pieceLine);
            }
            else
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (end)
            {
                hashes[index] = hash.GetCurrentHash();
                yield break;
            }
        }
    }
}
