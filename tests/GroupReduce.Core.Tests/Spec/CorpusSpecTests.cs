using GroupReduce.Abstractions;
using GroupReduce.Core.Spec;
using static GroupReduce.Core.Tests.Spec.SpecText;

namespace GroupReduce.Core.Tests.Spec;

/// <summary><c>frequencies: { source: corpus, path, tokenizer, padding }</c>: corpus paths, patterns and lists, named encodings.</summary>
public sealed class CorpusSpecTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gr-corpus-spec-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_corpus_pattern_expands_to_its_files_in_ordinal_order_and_a_list_keeps_each_file_once()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "text"));
        foreach (string name in new[] { "b.txt", "a.txt", "c.md" })
        {
            File.WriteAllText(Path.Combine(_folder, "text", name), "x");
        }

        CompressionSpec spec = Load(
            "  source: corpus",
            "  path: [text/*.txt, text/a.txt, text/c.md]",
            "  tokenizer: gpt2",
            "  padding: error");

        Assert.Equal(FrequencySource.Corpus, spec.Frequencies.Source.Value);
        Assert.Equal(["a.txt", "b.txt", "c.md"], spec.Frequencies.Corpus.Select(f => Path.GetFileName(f.Value)));
        Assert.Equal(Path.Combine(_folder, "text", "a.txt"), spec.Frequencies.Path?.Value);
        Assert.Equal("gpt2", spec.Frequencies.Tokenizer?.Value);
        Assert.Equal(PaddingPolicy.Error, spec.Frequencies.Padding.Value);
        Assert.Equal(MissingCountPolicy.Smooth, spec.Frequencies.Missing.Value);
    }

    [Fact]
    public void A_tokenizer_file_is_a_path_relative_to_the_spec_and_padding_defaults_to_smooth()
    {
        File.WriteAllText(Path.Combine(_folder, "corpus.txt"), "x");
        CompressionSpec spec = Load("  source: corpus", "  path: corpus.txt", "  tokenizer: hf/tokenizer.json");

        Assert.Equal(Path.Combine(_folder, "hf", "tokenizer.json"), spec.Frequencies.Tokenizer?.Value);
        Assert.Equal(PaddingPolicy.Smooth, spec.Frequencies.Padding.Value);
        Assert.True(spec.Frequencies.Padding.IsDefault);
    }

    [Fact]
    public void A_corpus_path_that_matches_nothing_is_an_error_at_the_path()
    {
        var error = Assert.Throws<GroupReduceException>(() => Load("  source: corpus", "  path: missing/*.txt"));

        Assert.Equal(SpecErrorCodes.CorpusMatchesNothing, error.Code);
        Assert.Contains("'frequencies.path'", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Location?.Line);
    }

    [Fact]
    public void A_list_of_paths_is_only_for_a_corpus()
    {
        var error = Assert.Throws<GroupReduceException>(() => Load("  source: counts", "  path: [a.tsv, b.tsv]"));

        Assert.Equal(SpecErrorCodes.WrongType, error.Code);
        Assert.Contains("only 'source: corpus' reads several files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corpus_needs_a_path()
    {
        var error = Assert.Throws<GroupReduceException>(() => Load("  source: corpus", "  tokenizer: gpt2"));

        Assert.Equal(SpecErrorCodes.MissingKey, error.Code);
        Assert.Contains("'source: corpus' needs the text to count", error.Message, StringComparison.Ordinal);
    }

    private CompressionSpec Load(params string[] frequencies)
    {
        string specPath = Path.Combine(_folder, "groupreduce.yaml");
        File.WriteAllText(specPath, Lines(["version: 1", "model: lm.safetensors", "matrices: [emb]", "frequencies:", .. frequencies, "budget: { rate: 4x }"]));
        return SpecLoader.Load(specPath);
    }
}
