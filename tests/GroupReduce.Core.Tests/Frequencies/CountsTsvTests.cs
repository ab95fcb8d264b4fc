using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Tokenizers;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Frequencies;

public sealed class CountsTsvTests
{
    [Fact]
    public void Written_counts_read_back_and_tokens_a_line_cannot_hold_are_left_out_and_counted()
    {
        using var folder = new TempFolder();
        string[] tokens = ["\uFEFFbom first", "the", "two\twords", "line\nbreak", ModelTokenizer.HolePrefix + "4", "the", " spaced ", "never"];
        var tokenizer = new ModelTokenizer(TokenizerKind.WordPiece, "test", tokens, holes: 1, specialTokens: 0, encoder: null);
        var counts = new CorpusCounts([5, 100, 7, 3, 0, 2, 9, 0], new CorpusTotals(126, 0, 0, 0), [], "test", "0");

        CountsTsvResult result = CountsTsv.Write(folder.File("counts.tsv"), counts, tokenizer, allIds: false, CancellationToken.None);
        CountsFile read = CountsFile.Read(folder.File("counts.tsv"), null);

        Assert.Equal(["the", "two\twords", " spaced "], read.Tokens);
        Assert.Equal([100.0, 7, 9], read.Counts);
        Assert.Equal(new CountsTsvResult(3, 3, 10, [0, 3, 5]), result with { SkippedExamples = [.. result.SkippedExamples] }, new ResultComparer());

        CountsTsvResult all = CountsTsv.Write(folder.File("counts.tsv"), counts, tokenizer, allIds: true, CancellationToken.None);
        Assert.Equal(4, all.Lines);
        Assert.Equal("never", CountsFile.Read(folder.File("counts.tsv"), null).Tokens[^1]);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    private sealed class ResultComparer : IEqualityComparer<CountsTsvResult>
    {
        public bool Equals(CountsTsvResult? x, CountsTsvResult? y) =>
            x is not null && y is not null && (x.Lines, x.Skipped, x.SkippedOccurrences) == (y.Lines, y.Skipped, y.SkippedOccurrences) && x.SkippedExamples.SequenceEqual(y.SkippedExamples);

        public int GetHashCode(CountsTsvResult obj) => obj.Lines;
    }
}
