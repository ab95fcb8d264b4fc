using GroupReduce.Abstractions;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tests.Tokenizers;
using GroupReduce.Core.Tokenizers;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Frequencies;

public sealed class TokenizerVocabularyTests
{
    [Fact]
    public void Counts_are_matched_to_a_tokenizer_and_rows_past_its_size_are_padding_given_the_smoothing_count()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("tokenizer.json"), TokenizerJsonSamples.WordPiece);
        File.WriteAllText(folder.File("counts.tsv"), "world\t30\nhello\t40\n[PAD]\t1\n[UNK]\t2\n[CLS]\t3\n[SEP]\t4\n[MASK]\t5\nplay\t6\n##ing\t7\n!\t8\n");
        FrequencySpec spec = Spec(folder, vocabulary: folder.File("tokenizer.json"), smoothing: 0.25);

        FrequencyTable table = FrequencyResolver.Resolve(spec, 13, null, null, new FrequencyContext(null));

        Assert.Equal([1.0, 2, 3, 4, 5, 40, 30, 6, 7, 8, 0.25, 0.25, 0.25], table.Values);
        Assert.Equal(3, table.PaddedRows);
        Assert.Equal(0, table.SmoothedRows);
        Assert.Contains(table.Notes, n => n.Contains("3 padding row(s) past the tokenizer's 10 tokens (rows 10–12)", StringComparison.Ordinal));
        Assert.Contains(table.Notes, n => n.Contains("WordPiece tokenizer.json, 10 tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tokenizer_larger_than_the_matrix_belongs_to_another_model()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("tokenizer.json"), TokenizerJsonSamples.WordPiece);
        File.WriteAllText(folder.File("counts.tsv"), "hello\t1\n");

        var error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(Spec(folder, vocabulary: folder.File("tokenizer.json")), 8, null, null, new FrequencyContext(null)));

        Assert.Equal(TokenizerErrorCodes.LargerThanMatrix, error.Code);
        Assert.Contains("10 tokens but the matrices have 8 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Padding_error_refuses_padded_rows()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("tokenizer.json"), TokenizerJsonSamples.WordPiece);
        File.WriteAllText(folder.File("counts.tsv"), "hello\t1\n");
        FrequencySpec spec = Spec(folder, vocabulary: folder.File("tokenizer.json"), padding: PaddingPolicy.Error);

        var error = Assert.Throws<GroupReduceException>(() => FrequencyResolver.Resolve(spec, 12, null, null, new FrequencyContext(null)));

        Assert.Equal(TokenizerErrorCodes.PaddedRows, error.Code);
        Assert.Contains("2 row(s) are padding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tokenizer_beside_the_model_is_the_vocabulary_when_the_model_carries_none()
    {
        using var folder = new TempFolder();
        string model = folder.File("model.safetensors");
        File.WriteAllBytes(model, [0]);
        File.WriteAllText(folder.File("tokenizer.json"), TokenizerJsonSamples.WordLevel);
        File.WriteAllText(folder.File("counts.tsv"), "cat\t5\nthe\t9\n<unk>\t1\n");
        var context = new FrequencyContext(model);

        FrequencyTable table = FrequencyResolver.Resolve(Spec(folder), 4, null, null, context);

        Assert.Equal([9.0, 5, 1, 1], table.Values);
        Assert.Equal(1, table.PaddedRows);
        Assert.Contains(table.Notes, n => n.Contains("1 id(s) the tokenizer gives no token", StringComparison.Ordinal));
        Assert.Equal([folder.File("tokenizer.json")], context.FilesRead);

        // The model's own vocabulary, when it fits, wins over a file beside it.
        FrequencyTable own = FrequencyResolver.Resolve(Spec(folder, missing: MissingCountPolicy.Smooth), 4, ["<unk>", "cat", "the", "dog"], null, new FrequencyContext(model));
        Assert.Equal([1.0, 5, 9, 1], own.Values);
    }

    [Fact]
    public void A_named_encoding_is_a_vocabulary_too()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("counts.tsv"), "Ġthe\t1000\nThe\t10\n");
        FrequencySpec spec = Spec(folder, vocabulary: "gpt2", missing: MissingCountPolicy.Smooth);

        FrequencyTable table = FrequencyResolver.Resolve(spec, 50304, null, null, new FrequencyContext(null));

        Assert.Equal(1000, table.Values[262]);
        Assert.Equal(10, table.Values[464]);
        Assert.Equal(47, table.PaddedRows);
        Assert.Equal(50257 - 2, table.SmoothedRows);
    }

    private static FrequencySpec Spec(TempFolder folder, string? vocabulary = null, MissingCountPolicy missing = MissingCountPolicy.Error, double smoothing = 1, PaddingPolicy padding = PaddingPolicy.Smooth) => new()
    {
        Source = new SpecValue<FrequencySource>(FrequencySource.Counts, default),
        Path = new SpecValue<string>(folder.File("counts.tsv"), new SourceLocation("spec.yaml", 4, 9)),
        Exponent = new SpecValue<double>(1, default),
        Missing = new SpecValue<MissingCountPolicy>(missing, default),
        SmoothingCount = new SpecValue<double>(smoothing, default),
        Vocabulary = vocabulary is null ? null : new SpecValue<string>(vocabulary, new SourceLocation("spec.yaml", 5, 15)),
        Padding = new SpecValue<PaddingPolicy>(padding, new SourceLocation("spec.yaml", 6, 12)),
        Location = default,
    };
}
