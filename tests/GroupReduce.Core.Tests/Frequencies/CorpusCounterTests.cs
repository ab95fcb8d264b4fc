using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Tokenizers;
using GroupReduce.Testing;
using Microsoft.ML.Tokenizers;

namespace GroupReduce.Core.Tests.Frequencies;

public sealed class CorpusCounterTests(BrownGpt2Reference brown) : IClassFixture<BrownGpt2Reference>
{
    private static readonly ModelTokenizer Gpt2 = TokenizerFiles.Load("gpt2");

    [Fact]
    public void Brown_counts_with_gpt2_equal_an_independent_count_and_a_second_run_is_a_cache_hit()
    {
        using var cache = new TempFolder();
        var options = new CorpusCountOptions { CacheDirectory = cache.Path, ChunkBytes = 64 << 10, MaxDegreeOfParallelism = 4 };

        CorpusCounts first = CorpusCounter.Count(brown.Files, Gpt2, options, CancellationToken.None);

        Assert.False(first.FromCache);
        Assert.Equal(brown.Counts, first.Counts);
        Assert.Equal(brown.Counts.Sum(), first.Tokens);
        Assert.Equal(brown.Lines, first.Lines);
        Assert.Equal(brown.Files.Sum(f => new FileInfo(f).Length), first.Bytes);
        Assert.Equal(50257, first.Counts.Count);
        Assert.Equal(brown.Counts.Count(c => c > 0), first.DistinctIds);
        Assert.True(first.Tokens > 250_000, $"{first.Tokens} tokens");
        Assert.Equal(first.Tokens, first.Counts[IdOf("Ċ")] + first.Counts.Where((_, id) => Gpt2.Tokens[id] != "Ċ").Sum());
        Assert.Equal(brown.Lines, first.Counts[198]); // every line ends in "\n" (id 198, Ċ), and Brown's lines end in " ." with no space before it
        Assert.NotNull(first.CacheFile);
        Assert.True(File.Exists(first.CacheFile));
        Assert.Null(first.CacheProblem);

        CorpusCounts second = CorpusCounter.Count(brown.Files, Gpt2, options, CancellationToken.None);

        Assert.True(second.FromCache);
        Assert.Equal(first.Counts, second.Counts);
        Assert.Equal(first.CacheKey, second.CacheKey);
        Assert.Equal((first.Tokens, first.Bytes, first.Characters, first.Lines), (second.Tokens, second.Bytes, second.Characters, second.Lines));
    }

    [Fact]
    public void Counts_do_not_depend_on_piece_size_or_threads_and_lines_keep_their_breaks_for_byte_level_tokenizers()
    {
        using var folder = new TempFolder();

        // Trailing spaces, CRLF, blank lines and a last line without a break: the places where a whole-text encoding
        // would merge whitespace across lines, and a piece boundary must not change anything.
        var text = new StringBuilder();
        for (int i = 0; i < 3000; i++)
        {
            text.Append(i % 7 == 0 ? "  trailing spaces  \n" : i % 5 == 0 ? "\n" : i % 3 == 0 ? $"windows line {i}\r\n" : $"the cat {i} sat on mat no. {i * 31 % 97}\n");
        }

        text.Append("no break at the end");
        string path = folder.File("mixed.txt");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));

        long[] expected = new long[Gpt2.Size];
        Tokenizer reference = TiktokenTokenizer.CreateForModel("gpt2");
        foreach (string line in SplitKeepingBreaks(text.ToString()))
        {
            foreach (int id in reference.EncodeToIds(line))
            {
                expected[id]++;
            }
        }

        CorpusCounts small = CorpusCounter.Count([path], Gpt2, new CorpusCountOptions { NoCache = true, ChunkBytes = 4096, MaxDegreeOfParallelism = 3 }, CancellationToken.None);
        CorpusCounts whole = CorpusCounter.Count([path], Gpt2, new CorpusCountOptions { NoCache = true, ChunkBytes = 1 << 22, MaxDegreeOfParallelism = 1 }, CancellationToken.None);

        Assert.Equal(expected, small.Counts);
        Assert.Equal(expected, whole.Counts);
        Assert.Equal(3001, small.Lines);
        Assert.Null(small.CacheFile);
    }

    [Fact]
    public void A_changed_file_misses_the_cache_even_at_the_same_length()
    {
        using var folder = new TempFolder();
        using var cache = new TempFolder();
        string path = folder.File("a.txt");
        File.WriteAllText(path, "the cat sat\nthe dog sat\n");
        var options = new CorpusCountOptions { CacheDirectory = cache.Path };

        CorpusCounts before = CorpusCounter.Count([path], Gpt2, options, CancellationToken.None);
        File.WriteAllText(path, "the cat sat\nthe cat sat\n");
        CorpusCounts after = CorpusCounter.Count([path], Gpt2, options, CancellationToken.None);

        Assert.False(after.FromCache);
        Assert.NotEqual(before.CacheKey, after.CacheKey);
        int cat = IdOf("Ġcat");
        Assert.Equal((1L, 2L), (before.Counts[cat], after.Counts[cat]));
        Assert.True(CorpusCounter.Count([path], Gpt2, options, CancellationToken.None).FromCache);
    }

    [Fact]
    public void The_order_of_the_files_and_the_tokenizer_are_part_of_the_key()
    {
        using var folder = new TempFolder();
        using var cache = new TempFolder();
        File.WriteAllText(folder.File("a.txt"), "alpha\n");
        File.WriteAllText(folder.File("b.txt"), "beta\n");
        var options = new CorpusCountOptions { CacheDirectory = cache.Path };

        string ab = CorpusCounter.Count([folder.File("a.txt"), folder.File("b.txt")], Gpt2, options, CancellationToken.None).CacheKey;
        string ba = CorpusCounter.Count([folder.File("b.txt"), folder.File("a.txt")], Gpt2, options, CancellationToken.None).CacheKey;
        CorpusCounts cl100k = CorpusCounter.Count([folder.File("a.txt"), folder.File("b.txt")], TokenizerFiles.Load("cl100k_base"), options, CancellationToken.None);

        Assert.NotEqual(ab, ba);
        Assert.NotEqual(ab, cl100k.CacheKey);
        Assert.False(cl100k.FromCache);
        Assert.Equal(100277, cl100k.Counts.Count);
    }

    [Fact]
    public void A_corrupt_cache_entry_is_counted_again_and_replaced()
    {
        using var folder = new TempFolder();
        using var cache = new TempFolder();
        string path = folder.File("a.txt");
        File.WriteAllText(path, "one two three\nfour five\n");
        var options = new CorpusCountOptions { CacheDirectory = cache.Path };
        CorpusCounts first = CorpusCounter.Count([path], Gpt2, options, CancellationToken.None);
        byte[] entry = File.ReadAllBytes(first.CacheFile!);

        foreach (byte[] damaged in new[] { entry[..(entry.Length / 2)], Flip(entry, entry.Length - 12), Flip(entry, 30), "not a cache entry"u8.ToArray(), [] })
        {
            File.WriteAllBytes(first.CacheFile!, damaged);

            CorpusCounts again = CorpusCounter.Count([path], Gpt2, options, CancellationToken.None);

            Assert.False(again.FromCache);
            Assert.Equal(first.Counts, again.Counts);
            Assert.Contains("damaged", again.CacheProblem, StringComparison.Ordinal);
            Assert.Equal(entry, File.ReadAllBytes(first.CacheFile!));
            Assert.True(CorpusCounter.Count([path], Gpt2, options, CancellationToken.None).FromCache);
        }
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_is_no_failure()
    {
        using var folder = new TempFolder();
        string path = folder.File("a.txt");
        File.WriteAllText(path, "hello world\n");
        File.WriteAllText(folder.File("blocker"), "a file where the cache folder should be");

        CorpusCounts counts = CorpusCounter.Count([path], Gpt2, new CorpusCountOptions { CacheDirectory = folder.File("blocker") }, CancellationToken.None);

        Assert.Equal(3, counts.Tokens); // "hello", " world", "\n"
        Assert.False(counts.FromCache);
        Assert.Null(counts.CacheFile);
        Assert.Contains("could not be written", counts.CacheProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_folder_comes_from_the_options_then_the_environment()
    {
        Assert.Equal(Path.GetFullPath("/tmp/x-counts"), CorpusCounter.CacheDirectoryFor(new CorpusCountOptions { CacheDirectory = "/tmp/x-counts" }));
        Assert.Null(CorpusCounter.CacheDirectoryFor(new CorpusCountOptions { CacheDirectory = "/tmp/x-counts", NoCache = true }));
        if (Environment.GetEnvironmentVariable(CorpusCountOptions.CacheVariable) is null)
        {
            string expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "GroupReduce", "counts");
            Assert.Equal(expected, CorpusCounter.CacheDirectoryFor(new CorpusCountOptions()));
        }
    }

    [Fact]
    public void Bad_utf8_is_an_error_naming_the_file_the_byte_and_the_line()
    {
        using var folder = new TempFolder();
        string path = folder.File("latin1.txt");
        byte[] good = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a good line of text\n", 500)));
        File.WriteAllBytes(path, [.. good, .. "caf"u8, 0xE9, .. " au lait\n"u8]);

        var error = Assert.Throws<GroupReduceException>(() => CorpusCounter.Count([path], Gpt2, new CorpusCountOptions { NoCache = true, ChunkBytes = 4096 }, CancellationToken.None));

        Assert.Equal(CorpusErrorCodes.NotUtf8, error.Code);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte {good.Length + 3:N0}", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 501", error.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(path, 501, 1), error.Location);
    }

    [Fact]
    public void A_byte_order_mark_is_not_counted()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("bom.txt"), [0xEF, 0xBB, 0xBF, .. "hello world\n"u8]);
        File.WriteAllBytes(folder.File("plain.txt"), "hello world\n"u8.ToArray());
        var options = new CorpusCountOptions { NoCache = true };

        CorpusCounts bom = CorpusCounter.Count([folder.File("bom.txt")], Gpt2, options, CancellationToken.None);

        Assert.Equal(CorpusCounter.Count([folder.File("plain.txt")], Gpt2, options, CancellationToken.None).Counts, bom.Counts);
        Assert.Equal(12, bom.Bytes);
    }

    [Fact]
    public void Missing_files_and_empty_lists_are_errors()
    {
        using var folder = new TempFolder();
        var missing = Assert.Throws<GroupReduceException>(() => CorpusCounter.Count([folder.File("nope.txt")], Gpt2, new CorpusCountOptions { NoCache = true }, CancellationToken.None));
        Assert.Equal(CorpusErrorCodes.Unreadable, missing.Code);
        Assert.Contains("nope.txt' does not exist", missing.Message, StringComparison.Ordinal);

        var isFolder = Assert.Throws<GroupReduceException>(() => CorpusCounter.Count([folder.Path], Gpt2, new CorpusCountOptions { NoCache = true }, CancellationToken.None));
        Assert.Equal(CorpusErrorCodes.Unreadable, isFolder.Code);
        Assert.Contains("a folder", isFolder.Message, StringComparison.Ordinal);

        Assert.Equal(CorpusErrorCodes.NoFiles, Assert.Throws<GroupReduceException>(() => CorpusCounter.Count([], Gpt2, new CorpusCountOptions(), CancellationToken.None)).Code);
    }

    [Fact]
    public void A_tokenizer_that_cannot_split_text_is_GR2122_naming_it_and_the_fix()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("tokenizer.json"), """{"model":{"type":"WordLevel","vocab":{"[UNK]":0,"the":1,"cat":2},"unk_token":"[UNK]"}}""");
        File.WriteAllText(folder.File("a.txt"), "the cat\n");
        ModelTokenizer wordLevel = TokenizerFiles.Load(folder.File("tokenizer.json"));

        var error = Assert.Throws<GroupReduceException>(() => CorpusCounter.Count([folder.File("a.txt")], wordLevel, new CorpusCountOptions { NoCache = true }, CancellationToken.None));

        Assert.Equal(TokenizerErrorCodes.Unsupported, error.Code);
        Assert.Equal("GR2122", error.Code);
        Assert.Contains(folder.File("tokenizer.json"), error.Message, StringComparison.Ordinal);
        Assert.Contains("WordLevel", error.Message, StringComparison.Ordinal);
        Assert.Contains("'source: counts'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bert_counts_add_no_cls_or_sep_and_lines_lose_their_breaks()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("tokenizer.json"), """
            {"added_tokens":[{"id":1,"content":"[CLS]","special":true},{"id":2,"content":"[SEP]","special":true}],
             "normalizer":{"type":"BertNormalizer","lowercase":true},
             "pre_tokenizer":{"type":"BertPreTokenizer"},
             "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","vocab":{"[UNK]":0,"[CLS]":1,"[SEP]":2,"hello":3,"world":4,"##s":5,"[PAD]":6,"[MASK]":7}}}
            """);
        File.WriteAllText(folder.File("a.txt"), "Hello worlds\r\n\nhello\n");
        ModelTokenizer bert = TokenizerFiles.Load(folder.File("tokenizer.json"));

        CorpusCounts counts = CorpusCounter.Count([folder.File("a.txt")], bert, new CorpusCountOptions { NoCache = true }, CancellationToken.None);

        Assert.Equal([0L, 0, 0, 2, 1, 1, 0, 0], counts.Counts);
        Assert.Equal(3, counts.Lines);
    }

    [Fact]
    public void Cancellation_stops_the_count_and_caches_nothing()
    {
        using var cache = new TempFolder();
        using var cancel = new CancellationTokenSource();
        // Cancelled as the hashing pass ends, so the counting pass starts cancelled: a counting-stage report may come only
        // once everything is counted (reports are throttled), too late to test anything on a fast machine.
        var progress = new ActionProgress(p =>
        {
            if (p.Stage == CorpusCountStage.Hashing && p.BytesDone == p.BytesTotal)
            {
                cancel.Cancel();
            }
        });
        var options = new CorpusCountOptions { CacheDirectory = cache.Path, ChunkBytes = 16 << 10, MaxDegreeOfParallelism = 2, Progress = progress };

        Assert.ThrowsAny<OperationCanceledException>(() => CorpusCounter.Count(brown.Files, Gpt2, options, cancel.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache.Path));
        Assert.ThrowsAny<OperationCanceledException>(() => CorpusCounter.Count(brown.Files, Gpt2, options, cancel.Token));
    }

    [Fact]
    public void Progress_reports_both_passes_up_to_the_total()
    {
        var reports = new List<CorpusProgress>();
        var options = new CorpusCountOptions { NoCache = true, Progress = new ActionProgress(p => { lock (reports) { reports.Add(p); } }) };

        CorpusCounts counts = CorpusCounter.Count([brown.Files[0]], Gpt2, options, CancellationToken.None);

        long total = new FileInfo(brown.Files[0]).Length;
        Assert.Contains(new CorpusProgress(CorpusCountStage.Hashing, total, total, brown.Files[0]), reports);
        Assert.Equal(new CorpusProgress(CorpusCountStage.Counting, total, total, brown.Files[0]), reports[^1]);
        Assert.True(reports.Count < 50, $"{reports.Count} reports");
        Assert.Equal(total, counts.Bytes);
    }

    [Fact]
    public void Patterns_expand_in_ordinal_order_and_match_nothing_is_an_error()
    {
        using var folder = new TempFolder();
        foreach (string name in new[] { "b.txt", "a.txt", "B.txt", "c.md" })
        {
            File.WriteAllText(folder.File(name), "x\n");
        }

        IReadOnlyList<string> files = CorpusFiles.Expand(["*.txt", "a.txt", "c.md"], folder.Path);

        Assert.Equal([folder.File("B.txt"), folder.File("a.txt"), folder.File("b.txt"), folder.File("c.md")], files);
        Assert.Equal(CorpusErrorCodes.NoFiles, Assert.Throws<GroupReduceException>(() => CorpusFiles.Expand(["*.csv"], folder.Path)).Code);
        Assert.Equal(CorpusErrorCodes.NoFiles, Assert.Throws<GroupReduceException>(() => CorpusFiles.Expand(["*/*.txt"], folder.Path)).Code);
    }

    private static int IdOf(string token) => Gpt2.Tokens.ToList().IndexOf(token);

    private static byte[] Flip(byte[] bytes, int at)
    {
        byte[] copy = [.. bytes];
        copy[at] ^= 0x40;
        return copy;
    }

    private static IEnumerable<string> SplitKeepingBreaks(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            string line = end < 0 ? text[start..] : text[start..(end + 1)];
            yield return line;
            start += line.Length;
        }
    }

    private sealed class ActionProgress(Action<CorpusProgress> report) : IProgress<CorpusProgress>
    {
        public void Report(CorpusProgress value) => report(value);
    }
}
