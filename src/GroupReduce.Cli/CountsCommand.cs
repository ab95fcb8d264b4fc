using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Tokenizers;

namespace GroupReduce.Cli;

/// <summary>
/// <c>groupreduce counts</c>: tokenises text files with a tokenizer and writes the <c>token&lt;TAB&gt;count</c> file that
/// <c>source: counts</c> reads — the counts <c>source: corpus</c> would use, for inspection or to pin them.
/// </summary>
internal static class CountsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var corpus = new Argument<string[]>("corpus") { Description = "Text files (UTF-8) to count; a pattern with * or ? in the file name (quoted, e.g. 'corpus/*.txt') matches files in ordinal order.", Arity = ArgumentArity.OneOrMore };
        var tokenizer = new Option<string>("--tokenizer") { Description = "The tokenizer: tokenizer.json, tokenizer.model, vocab.json (with merges.txt beside it), a .tiktoken file, or gpt2, r50k_base, cl100k_base, o200k_base.", Required = true };
        var outputPath = new Option<FileInfo>("--output", "-o") { Description = "The counts file to write (replaced atomically).", DefaultValueFactory = _ => new FileInfo("counts.tsv") };
        var all = new Option<bool>("--all") { Description = "Write every id, those the text never uses with count 0; by default only ids that occur." };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write the counts cache (docs/cli.md#the-counts-cache)." };
        var cacheDir = new Option<DirectoryInfo?>("--cache-dir") { Description = "The counts cache folder (default: GROUPREDUCE_COUNTS_CACHE, else GroupReduce/counts under the local application data folder)." };
        Option<int?> threads = CommonOptions.Threads();
        Option<bool> json = CommonOptions.Json("Print the summary as JSON on stdout.");
        Option<bool> quiet = CommonOptions.Quiet();
        Option<bool> verbose = CommonOptions.Verbose();
        var command = new Command("counts", "Count how often each token of a tokenizer occurs in text files and write token<TAB>count lines in id order (the file 'source: counts' reads).")
        {
            corpus, tokenizer, outputPath, all, noCache, cacheDir, threads, json, quiet, verbose,
        };
        command.SetAction((parse, cancellationToken) => Task.Run(
            () => ErrorReporter.Run(
                () =>
                {
                    IReadOnlyList<string> files = CorpusFiles.Expand(parse.GetValue(corpus)!, Environment.CurrentDirectory);
                    ModelTokenizer model = TokenizerFiles.Load(parse.GetValue(tokenizer)!);
                    CorpusCountOptions Options(IProgress<CorpusProgress>? progress) => new()
                    {
                        MaxDegreeOfParallelism = parse.ThreadCount(threads),
                        CacheDirectory = parse.GetValue(cacheDir)?.FullName,
                        NoCache = parse.GetValue(noCache),
                        Progress = progress,
                    };
                    bool asJson = parse.GetValue(json);
                    CorpusCounts counts = Count(files, model, Options, parse.GetValue(quiet), error, cancellationToken);
                    string path = parse.GetValue(outputPath)!.FullName;
                    CountsTsvResult written = CountsTsv.Write(path, counts, model, parse.GetValue(all), cancellationToken);
                    Warn(counts, written, model, error);
                    output.WriteLine(asJson ? Json(path, counts, written, model) : Summary(path, counts, written, model));
                    return ExitCodes.Ok;
                },
                error,
                parse.GetValue(verbose)),
            CancellationToken.None));
        return command;
    }

    // Progress on stderr (bars on a terminal, throttled lines when redirected): stdout holds only the summary or the JSON.
    private static CorpusCounts Count(IReadOnlyList<string> files, ModelTokenizer model, Func<IProgress<CorpusProgress>?, CorpusCountOptions> options, bool quiet, TextWriter error, CancellationToken cancellationToken) =>
        ProgressDisplay.Run(error, quiet, observer =>
        {
            // A plain IProgress: Progress<T> would post to the thread pool and deliver the counts out of order.
            var progress = new Reporter(value => observer.Progress(value.Stage == CorpusCountStage.Hashing ? "hashing corpus (bytes)" : "counting corpus (bytes)", value.BytesDone, value.BytesTotal));
            return CorpusCounter.Count(files, model, options(progress), cancellationToken);
        });

    private static void Warn(CorpusCounts counts, CountsTsvResult written, ModelTokenizer model, TextWriter error)
    {
        if (counts.CacheProblem is { } problem)
        {
            error.WriteLine(TerminalText.Printable(Diagnostics.Warning(CorpusErrorCodes.CacheUnavailable, problem, null)));
        }

        if (written.Skipped > 0)
        {
            string examples = string.Join(", ", written.SkippedExamples.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            error.WriteLine(TerminalText.Printable(Diagnostics.Warning(
                CorpusErrorCodes.TokensNotWritten,
                $"{written.Skipped:N0} id(s) of '{model.Source}' ({written.SkippedOccurrences:N0} occurrence(s); ids {examples}{(written.Skipped > written.SkippedExamples.Count ? ", ..." : string.Empty)}) were left out: a token<TAB>count line cannot hold their token (a line break in it, an unused id, or a spelling an earlier id has)",
                null)));
        }
    }

    private static string Summary(string path, CorpusCounts counts, CountsTsvResult written, ModelTokenizer model)
    {
        string cache = counts.FromCache ? "read from the counts cache" : counts.CacheFile is null ? "counted (not cached)" : "counted and cached";
        return TerminalText.Printable(FormattableString.Invariant(
            $"{path}: {written.Lines:N0} line(s); {counts.Files.Count} file(s), {ByteSize.Format(counts.Bytes)}, {counts.Lines:N0} lines, {counts.Tokens:N0} tokens, {counts.DistinctIds:N0} of {model.Size:N0} ids used ({model.Describe()}); {cache}"));
    }

    private static string Json(string path, CorpusCounts counts, CountsTsvResult written, ModelTokenizer model)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("output", path);
            writer.WriteNumber("linesWritten", written.Lines);
            writer.WriteNumber("idsLeftOut", written.Skipped);
            writer.WriteString("tokenizer", model.Source);
            writer.WriteNumber("tokenizerSize", model.Size);
            writer.WriteStartArray("files");
            foreach (string file in counts.Files)
            {
                writer.WriteStringValue(file);
            }

            writer.WriteEndArray();
            writer.WriteNumber("bytes", counts.Bytes);
            writer.WriteNumber("characters", counts.Characters);
            writer.WriteNumber("lines", counts.Lines);
            writer.WriteNumber("tokens", counts.Tokens);
            writer.WriteNumber("distinctIds", counts.DistinctIds);
            writer.WriteBoolean("fromCache", counts.FromCache);
            writer.WriteString("cacheKey", counts.CacheKey);
            if (counts.CacheFile is { } cacheFile)
            {
                writer.WriteString("cacheFile", cacheFile);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class Reporter(Action<CorpusProgress> report) : IProgress<CorpusProgress>
    {
        public void Report(CorpusProgress value) => report(value);
    }
}
