using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Tests.Models.Builders;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>Counts and vocabulary files that are damaged, huge, or not counts files at all.</summary>
public sealed class FrequencyHostileTests : IDisposable
{
    private const string Secret = "root:x:0:0:root:/root:/bin/bash";

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_file_that_is_no_counts_file_is_named_by_line_without_quoting_it()
    {
        string path = _dir.WriteText("passwd", Secret + "\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(SpecialFileHostileTests.Counts(path), 2, null));

        Assert.Equal(FrequencyErrorCodes.MalformedLine, error.Code);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("root", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Location?.Line);
    }

    [Fact]
    public void Missing_vocabulary_tokens_are_quoted_as_short_escaped_excerpts()
    {
        string counts = _dir.WriteText("counts.tsv", "a\t1\n");
        string vocabulary = _dir.WriteText("vocab.txt", Secret + "\nb\u0001\nc\n");

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(SpecialFileHostileTests.Counts(counts, vocabulary), 3, null));

        Assert.Equal(FrequencyErrorCodes.MissingTokens, error.Code);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.Contains("'root:x:0:0:root:…' (row 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b\\u0001' (row 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_over_the_cap_is_an_error_naming_its_line()
    {
        string path = _dir.WriteText("counts.tsv", "a\t1\n" + new string('x', TextLines.MaxLineChars + 10) + "\t2\n");

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(SpecialFileHostileTests.Counts(path), 2, null));

        Assert.Equal(FrequencyErrorCodes.LineTooLong, error.Code);
        Assert.Equal(2, error.Location?.Line);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_counts_file_that_is_not_utf8_is_a_typed_error()
    {
        string path = _dir.Write("counts.tsv", [.. "a\t1\n"u8, 0xFF, 0xFE, (byte)'\t', (byte)'2', (byte)'\n']);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(SpecialFileHostileTests.Counts(path), 2, null));

        Assert.Equal(FrequencyErrorCodes.NotUtf8, error.Code);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_before_reading()
    {
        string path = Path.Combine(_dir.Path, "huge.tsv");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            // Sparse: the length is what counts, not the bytes.
            stream.SetLength(TextLines.MaxFileBytes + 1);
        }

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(SpecialFileHostileTests.Counts(path), 2, null));

        Assert.Equal(FrequencyErrorCodes.FileTooLarge, error.Code);
        Assert.Contains(TextLines.MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_of_every_kind_and_a_byte_order_mark_read_as_before()
    {
        string path = _dir.Write("counts.tsv", [.. Encoding.UTF8.GetPreamble(), .. "a\t1\r\nb\t2\rc\t3\n\nd\t4"u8]);

        FrequencyTable table = FrequencyResolver.Resolve(SpecialFileHostileTests.Counts(path), 4, ["a", "b", "c", "d"]);

        Assert.Equal([1.0, 2, 3, 4], table.Values);
    }

    [Fact]
    public void Row_counts_that_differ_between_matrices_are_said_to_differ_not_that_there_is_no_vocabulary()
    {
        string path = _dir.WriteText("counts.tsv", "a\t3\nb\t2\nc\t1\n");

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(
            SpecialFileHostileTests.Counts(path),
            4,
            ["a", "b", "c"],
            [KeyValuePair.Create("emb", 3L), KeyValuePair.Create("softmax", 4L)]));

        Assert.Equal(FrequencyErrorCodes.LengthMismatch, error.Code);
        Assert.DoesNotContain("has no vocabulary", error.Message, StringComparison.Ordinal);
        Assert.Contains("vocabulary has 3 tokens, not 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("'emb' has 3 rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("'softmax' has 4 rows", error.Message, StringComparison.Ordinal);
    }
}
