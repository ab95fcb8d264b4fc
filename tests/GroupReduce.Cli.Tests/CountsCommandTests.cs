using System.Globalization;
using System.Text.Json;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Tokenizers;
using Microsoft.ML.Tokenizers;

namespace GroupReduce.Cli.Tests;

public sealed class CountsCommandTests
{
    [Fact]
    public void Counts_of_the_brown_text_are_written_in_id_order_and_read_back_and_a_summary_is_printed()
    {
        using var run = new CliRun();
        string test = Path.Combine(AppContext.BaseDirectory, "brown-lm", "test.txt");
        string cache = run["cache"];

        int code = run.Run("counts", test, "--tokenizer", "gpt2", "-o", run["counts.tsv"], "--cache-dir", cache);

        Assert.True(code == ExitCodes.Ok, run.Error);
        // stderr: the passes' progress, no warning; stdout: the summary.
        long bytes = new FileInfo(test).Length;
        Assert.Contains(FormattableString.Invariant($"counting corpus (bytes): {bytes:N0} / {bytes:N0} (100%)"), run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", run.Error, StringComparison.Ordinal);
        CountsFile file = CountsFile.Read(run["counts.tsv"], null);

        // An independent count: each line with its "\n", by a tokenizer made here.
        Tokenizer reference = TiktokenTokenizer.CreateForModel("gpt2");
        var expected = new SortedDictionary<int, long>();
        foreach (string line in File.ReadAllText(test).Split('\n'))
        {
            foreach (int id in reference.EncodeToIds(line + "\n"))
            {
                expected[id] = expected.GetValueOrDefault(id) + 1;
            }
        }

        // The text ends in "\n": the split's last, empty piece added one "\n" too many.
        if (--expected[198] == 0)
        {
            expected.Remove(198);
        }

        IReadOnlyList<string> tokens = TokenizerFiles.Load("gpt2").Tokens;
        Assert.Equal(expected.Select(pair => tokens[pair.Key]), file.Tokens);
        Assert.Equal(expected.Select(pair => (double)pair.Value), file.Counts);
        Assert.Contains("Ġattorney", file.Tokens);
        Assert.Contains(FormattableString.Invariant($"{expected.Values.Sum():N0} tokens"), run.Output, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"{expected.Count:N0} of 50,257 ids used"), run.Output, StringComparison.Ordinal);
        Assert.Contains("1 file(s)", run.Output, StringComparison.Ordinal);
        Assert.Contains("counted and cached", run.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, run.Run("counts", test, "--tokenizer", "gpt2", "-o", run["counts.tsv"], "--cache-dir", cache, "--json"));
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.True(json.RootElement.GetProperty("fromCache").GetBoolean());
        Assert.Equal(expected.Values.Sum(), json.RootElement.GetProperty("tokens").GetInt64());
        Assert.Equal(expected.Count, json.RootElement.GetProperty("linesWritten").GetInt32());
    }

    [Fact]
    public void All_writes_every_id_and_patterns_are_expanded()
    {
        using var run = new CliRun();
        Directory.CreateDirectory(run["corpus"]);
        File.WriteAllText(Path.Combine(run["corpus"], "a.txt"), "hello world\n");
        File.WriteAllText(Path.Combine(run["corpus"], "b.txt"), "hello again\n");

        int code = run.Run("counts", Path.Combine(run["corpus"], "*.txt"), "--tokenizer", "gpt2", "-o", run["all.tsv"], "--all", "--no-cache");

        Assert.True(code == ExitCodes.Ok, run.Error);
        CountsFile file = CountsFile.Read(run["all.tsv"], null);
        Assert.Equal(50257, file.Tokens.Count);
        Assert.Equal(2.0, file.Counts[file.Tokens.IndexOf("hello")]);
        Assert.Equal(2.0, file.Counts[198]);
        Assert.Equal(6, file.Counts.Sum());
        Assert.Contains("2 file(s)", run.Output, StringComparison.Ordinal);
        Assert.Contains("counted (not cached)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_are_one_diagnostic_line_and_no_file_is_written()
    {
        using var run = new CliRun();
        File.WriteAllBytes(run["bad.txt"], [.. "ok\n"u8, 0xFF, .. "\n"u8]);

        Assert.Equal(ExitCodes.UserError, run.Run("counts", run["bad.txt"], "--tokenizer", "gpt2", "-o", run["out.tsv"], "--no-cache"));
        Assert.Contains($"error {CorpusErrorCodes.NotUtf8}:", run.Error, StringComparison.Ordinal);
        Assert.Contains("bad.txt", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(run["out.tsv"]));

        Assert.Equal(ExitCodes.UserError, run.Run("counts", run["*.nothing"], "--tokenizer", "gpt2", "-o", run["out.tsv"]));
        Assert.Contains($"error {CorpusErrorCodes.NoFiles}:", run.Error, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.UserError, run.Run("counts", run["bad.txt"], "-o", run["out.tsv"]));
        Assert.Contains("--tokenizer", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(run.Folder, "*.tmp*"));
        Assert.Empty(Directory.GetFiles(run.Folder, ".*"));
    }
}
