using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Hashing;
using System.Text.Unicode;
using GroupReduce.Abstractions;
using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Core.Frequencies;

/// <summary>
/// Counts how often each id of a tokenizer occurs in text files. The files are read as strict UTF-8 in pieces that end at
/// line breaks, the pieces are tokenised in parallel, and each line is tokenised on its own (with its line break for
/// byte-level tokenizers, without for the others — see <see cref="LineEncoder"/>), so the counts are the same whatever the
/// piece size or thread count. Counts are cached by content (<see cref="CorpusCountCache"/>).
/// </summary>
public static class CorpusCounter
{
    /// <summary>The longest line accepted, in bytes: a line is never split, and one line is tokenised at once.</summary>
    public const int MaxLineBytes = 1 << 24;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The counts cache folder <paramref name="options"/> name, or null when the cache is off.</summary>
    /// <param name="options">The options.</param>
    /// <returns><see cref="CorpusCountOptions.CacheDirectory"/>, else <c>GROUPREDUCE_COUNTS_CACHE</c> (<c>off</c>: null), else <c>LocalApplicationData/GroupReduce/counts</c>.</returns>
    public static string? CacheDirectoryFor(CorpusCountOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CorpusCountCache.Folder(options);
    }

    /// <summary>Counts the ids of <paramref name="tokenizer"/> in <paramref name="files"/>, or reads the counts from the cache.</summary>
    /// <param name="files">The text files, in order (full paths, or relative to the current folder).</param>
    /// <param name="tokenizer">The tokenizer; it must be able to split text.</param>
    /// <param name="options">Threads, cache, progress.</param>
    /// <param name="cancellationToken">Stops the count; nothing is cached then.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="GroupReduceException">
    /// GR2122 the tokenizer cannot split text; GR2130 a file cannot be read; GR2131 not UTF-8; GR2132 a line over
    /// <see cref="MaxLineBytes"/>; GR2133 the tokenizer gave an id outside its tokens; GR2134 no files.
    /// </exception>
    public static CorpusCounts Count(IReadOnlyList<string> files, ModelTokenizer tokenizer, CorpusCountOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        if (files.Count == 0)
        {
            throw new GroupReduceException(CorpusErrorCodes.NoFiles, "no corpus file was given; name at least one text file");
        }

        LineEncoder encoder = LineEncoder.For(tokenizer);
        string[] paths = files.Select(Path.GetFullPath).ToArray();
        var progress = new ProgressGate(options.Progress);
        (byte[][] hashes, long[] lengths) = HashAll(paths, progress, cancellationToken);
        string key = CorpusCountCache.Key(tokenizer, hashes, lengths, cancellationToken);

        string? folder = CorpusCountCache.Folder(options);
        string? entryPath = folder is null ? null : CorpusCountCache.EntryPath(folder, key);
        string? problem = null;
        if (entryPath is not null && CorpusCountCache.TryRead(entryPath, key, tokenizer.Size, out problem) is { } cached)
        {
            return new CorpusCounts(cached.Counts, cached.Totals, paths, tokenizer.Source, key) { FromCache = true, CacheFile = entryPath };
        }

        (long[] counts, CorpusTotals totals, byte[][] readHashes) = Tokenise(paths, lengths.Sum(), tokenizer, encoder, options, progress, cancellationToken);
        var result = new CorpusCounts(counts, totals, paths, tokenizer.Source, key) { CacheProblem = problem };
        if (entryPath is null)
        {
            return result;
        }

        // A file that changed between the hashing pass and the counting pass would put the new text's counts under the old key.
        if (!hashes.Zip(readHashes).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second)))
        {
            result.CacheProblem = "a corpus file changed while it was counted; the counts were not cached";
            return result;
        }

        string? writeProblem = CorpusCountCache.TryWrite(entryPath, key, counts, totals);
        result.CacheFile = writeProblem is null ? entryPath : null;
        result.CacheProblem = writeProblem ?? problem;
        return result;
    }

    private static (byte[][] Hashes, long[] Lengths) HashAll(string[] paths, ProgressGate progress, CancellationToken cancellationToken)
    {
        var hashes = new byte[paths.Length][];
        var lengths = new long[paths.Length];
        long total = 0;
        var streams = new List<FileStream>();
        try
        {
            // Every file is opened (and so checked) before any is read, so a missing last file fails at once.
            foreach (string path in paths)
            {
                FileStream stream = CorpusChunkReader.Open(path, bufferSize: 1);
                streams.Add(stream);
                total += stream.Length;
            }

            byte[] buffer = new byte[1 << 20];
            long done = 0;
            for (int i = 0; i < paths.Length; i++)
            {
                var hash = new XxHash128();
                long length = 0;
                int read;
                try
                {
                    while ((read = streams[i].Read(buffer, 0, buffer.Length)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        hash.Append(buffer.AsSpan(0, read));
                        length += read;
                        done += read;
                        progress.Report(new CorpusProgress(CorpusCountStage.Hashing, done, total, paths[i]), final: false);
                    }
                }
                catch (IOException ex)
                {
                    throw CorpusChunkReader.ReadFailed(paths[i], ex);
                }

                hashes[i] = hash.GetCurrentHash();
                lengths[i] = length;
            }

            progress.Report(new CorpusProgress(CorpusCountStage.Hashing, done, total, paths[^1]), final: true);
            return (hashes, lengths);
        }
        finally
        {
            foreach (FileStream stream in streams)
            {
                stream.Dispose();
            }
        }
    }

    private static (long[] Counts, CorpusTotals Totals, byte[][] Hashes) Tokenise(
        string[] paths, long totalBytes, ModelTokenizer tokenizer, LineEncoder encoder, CorpusCountOptions options, ProgressGate progress, CancellationToken cancellationToken)
    {
        int size = tokenizer.Size;
        long[] counts = new long[size];
        long tokens = 0, bytes = 0, characters = 0, lines = 0, done = 0;
        var gate = new object();
        var hashes = new byte[paths.Length][];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism),
            CancellationToken = cancellationToken,
        };

        // No buffering: the reader hands a piece to a thread only when one is free, so at most one piece per thread is held.
        var pieces = Partitioner.Create(CorpusChunkReader.Read(paths, Math.Max(4096, options.ChunkBytes), hashes, cancellationToken), EnumerablePartitionerOptions.NoBuffering);
        try
        {
            Parallel.ForEach(
                pieces,
                parallel,
                () => new PieceCounts(size),
                (chunk, _, local) =>
                {
                    try
                    {
                        CountPiece(chunk, paths[chunk.File], tokenizer, encoder, local, cancellationToken);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(chunk.Buffer);
                    }

                    long now = Interlocked.Add(ref done, chunk.Length);
                    progress.Report(new CorpusProgress(CorpusCountStage.Counting, now, totalBytes, paths[chunk.File]), final: false);
                    return local;
                },
                local =>
                {
                    // Integer sums: the same totals whichever thread counted which piece, in whatever order.
                    lock (gate)
                    {
                        for (int id = 0; id < size; id++)
                        {
                            counts[id] += local.Counts[id];
                        }

                        tokens += local.Tokens;
                        bytes += local.Bytes;
                        characters += local.Characters;
                        lines += local.Lines;
                    }
                });
        }
        catch (AggregateException ex)
        {
            throw Unwrap(ex);
        }

        progress.Report(new CorpusProgress(CorpusCountStage.Counting, totalBytes, totalBytes, paths[^1]), final: true);
        return (counts, new CorpusTotals(tokens, bytes, characters, lines), hashes);
    }

    private static void CountPiece(CorpusChunk chunk, string path, ModelTokenizer tokenizer, LineEncoder encoder, PieceCounts local, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReadOnlySpan<byte> text = chunk.Buffer.AsSpan(0, chunk.Length);
        char[] chars = ArrayPool<char>.Shared.Rent(chunk.Length);
        try
        {
            OperationStatus status = Utf8.ToUtf16(text, chars, out int bytesRead, out int charsWritten, replaceInvalidSequences: false, isFinalBlock: true);
            if (status != OperationStatus.Done)
            {
                throw NotUtf8(path, chunk, bytesRead);
            }

            local.Bytes += chunk.Length;
            local.Characters += charsWritten;
            ReadOnlySpan<char> rest = chars.AsSpan(0, charsWritten);
            long line = chunk.FirstLine;
            while (!rest.IsEmpty)
            {
                int end = rest.IndexOf('\n');
                int length = end < 0 ? rest.Length : end + 1;
                IReadOnlyList<int> ids = encoder.Encode(rest[..length]);
                for (int i = 0; i < ids.Count; i++)
                {
                    int id = ids[i];
                    if ((uint)id >= (uint)local.Counts.Length)
                    {
                        throw new GroupReduceException(
                            CorpusErrorCodes.IdOutOfRange,
                            $"the tokenizer '{tokenizer.Source}' gave id {id} for this line, but it has only {tokenizer.Size:N0} tokens (ids 0 to {tokenizer.Size - 1}); its files disagree with each other (an added token or a merge outside the vocabulary): use the tokenizer files the model was published with",
                            new SourceLocation(path, (int)Math.Min(line, int.MaxValue), 1));
                    }

                    local.Counts[id]++;
                }

                local.Tokens += ids.Count;
                local.Lines++;
                line++;
                rest = rest[length..];
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static GroupReduceException NotUtf8(string path, CorpusChunk chunk, int bytesRead)
    {
        ReadOnlySpan<byte> text = chunk.Buffer.AsSpan(0, chunk.Length);
        long line = chunk.FirstLine + text[..bytesRead].Count((byte)'\n');
        long offset = chunk.Offset + bytesRead;
        string bytes = Convert.ToHexString(text.Slice(bytesRead, Math.Min(4, chunk.Length - bytesRead)));
        return new GroupReduceException(
            CorpusErrorCodes.NotUtf8,
            $"the corpus file '{path}' is not valid UTF-8 at byte {offset:N0} (line {line}; bytes {bytes}); save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)",
            new SourceLocation(path, (int)Math.Min(line, int.MaxValue), 1));
    }

    // The error of the earliest piece that failed, so that the same input gives the same message whichever thread ran first.
    private static Exception Unwrap(AggregateException ex)
    {
        IReadOnlyList<Exception> inner = ex.Flatten().InnerExceptions;
        if (inner.OfType<GroupReduceException>().MinBy(e => (e.Location?.File, e.Location?.Line ?? 0)) is { } first)
        {
            return first;
        }

        return inner.OfType<OperationCanceledException>().FirstOrDefault() ?? inner.FirstOrDefault() ?? ex;
    }

    /// <summary>One thread's counts.</summary>
    private sealed class PieceCounts(int size)
    {
        public long[] Counts { get; } = new long[size];

        public long Tokens { get; set; }

        public long Bytes { get; set; }

        public long Characters { get; set; }

        public long Lines { get; set; }
    }

    /// <summary>Passes progress on at most every <see cref="ProgressInterval"/>, and always the last report of a pass.</summary>
    private sealed class ProgressGate(IProgress<CorpusProgress>? target)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _gate = new();
        private TimeSpan? _last;

        public void Report(CorpusProgress value, bool final)
        {
            if (target is null)
            {
                return;
            }

            lock (_gate)
            {
                TimeSpan now = _clock.Elapsed;
                if (!final && _last is { } last && now - last < ProgressInterval)
                {
                    return;
                }

                _last = now;
                target.Report(value);
            }
        }
    }
}
