using GroupReduce.Abstractions;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Frequencies;

public sealed class FrequencyResolverTests
{
    private static readonly string[] Vocabulary = ["the", "of", "cat", "zebra"];

    [Fact]
    public void Counts_are_matched_to_the_vocabulary_by_token()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("counts.tsv"), "cat\t7\nthe\t100\nzebra\t1\nof\t50\nunused\t3\n");

        FrequencyTable table = FrequencyResolver.Resolve(Counts(folder), 4, Vocabulary);

        Assert.Equal([100.0, 50, 7, 1], table.Values);
        Assert.Contains(table.Notes, n => n.Contains("1 token(s)", StringComparison.Ordinal));
        Assert.Equal(0, table.SmoothedRows);
    }

    [Fact]
    public void Without_a_vocabulary_counts_are_taken_in_row_order_and_must_match_in_length()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("counts.tsv"), "a\t3\nb\t2\nc\t1\n");

        Assert.Equal([3.0, 2, 1], FrequencyResolver.Resolve(Counts(folder), 3, null).Values);
        var error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(Counts(folder), 4, null));
        Assert.Equal(FrequencyErrorCodes.LengthMismatch, error.Code);
        Assert.Contains("3 entries for 4 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_tokens_are_an_error_naming_them_unless_smoothing_is_asked_for()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("counts.tsv"), "the\t100\nof\t50\ncat\t0\n");

        var error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(Counts(folder), 4, Vocabulary));
        Assert.Equal(FrequencyErrorCodes.MissingTokens, error.Code);
        Assert.Contains("'zebra' (row 3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing: smooth", error.Message, StringComparison.Ordinal);

        FrequencyTable table = FrequencyResolver.Resolve(Counts(folder, MissingCountPolicy.Smooth, 0.5), 4, Vocabulary);
        Assert.Equal([100.0, 50, 0.5, 0.5], table.Values);
        Assert.Equal(2, table.SmoothedRows);
        Assert.Contains(table.Notes, n => n.Contains("2 row(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zero_count_is_an_error_by_default()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("counts.tsv"), "the\t100\nof\t50\ncat\t0\nzebra\t2\n");

        var error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(Counts(folder), 4, Vocabulary));

        Assert.Equal(FrequencyErrorCodes.NonPositiveCount, error.Code);
        Assert.Contains("'cat' (row 2) has count 0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("the 100\n", 1, 1, FrequencyErrorCodes.MalformedLine)]
    [InlineData("the\t100\nof\tmany\n", 2, 4, FrequencyErrorCodes.MalformedLine)]
    [InlineData("the\t100\nof\t5\nthe\t3\n", 3, 1, FrequencyErrorCodes.DuplicateToken)]
    public void Bad_lines_point_at_their_line_and_column(string text, int line, int column, string code)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("counts.tsv"), text);

        var error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(Counts(folder), 4, Vocabulary));

        Assert.Equal(code, error.Code);
        Assert.Equal(new SourceLocation(folder.File("counts.tsv"), line, column), error.Location);
    }

    [Fact]
    public void Zipf_and_uniform_need_no_file()
    {
        var zipf = new FrequencySpec
        {
            Source = new SpecValue<FrequencySource>(FrequencySource.Zipf, default),
            Padding = new SpecValue<PaddingPolicy>(PaddingPolicy.Smooth, default),
            Exponent = new SpecValue<double>(2.0, default),
            Missing = new SpecValue<MissingCountPolicy>(MissingCountPolicy.Error, default),
            SmoothingCount = new SpecValue<double>(1, default),
            Location = default,
        };

        Assert.Equal([1.0, 0.25, 1.0 / 9], FrequencyResolver.Resolve(zipf, 3, null).Values);
        Assert.Equal([1.0, 1, 1], FrequencyResolver.Resolve(zipf.With(FrequencySource.Uniform), 3, null).Values);
        Assert.Equal([1.0, 1, 1], FrequencyResolver.Resolve(zipf.With(FrequencySource.Uniform), 3, null).NormalizedWeights());
    }

    private static FrequencySpec Counts(TempFolder folder, MissingCountPolicy missing = MissingCountPolicy.Error, double smoothing = 1) => new()
    {
        Source = new SpecValue<FrequencySource>(FrequencySource.Counts, default),
        Padding = new SpecValue<PaddingPolicy>(PaddingPolicy.Smooth, default),
        Path = new SpecValue<string>(folder.File("counts.tsv"), new SourceLocation("spec.yaml", 4, 9)),
        Exponent = new SpecValue<double>(1, default),
        Missing = new SpecValue<MissingCountPolicy>(missing, default),
        SmoothingCount = new SpecValue<double>(smoothing, default),
        Location = default,
    };
}

internal static class FrequencySpecExtensions
{
    public static FrequencySpec With(this FrequencySpec spec, FrequencySource source) => new()
    {
        Source = new SpecValue<FrequencySource>(source, default),
        Padding = new SpecValue<PaddingPolicy>(PaddingPolicy.Smooth, default),
        Path = spec.Path,
        Exponent = spec.Exponent,
        Missing = spec.Missing,
        SmoothingCount = spec.SmoothingCount,
        Location = spec.Location,
    };
}
