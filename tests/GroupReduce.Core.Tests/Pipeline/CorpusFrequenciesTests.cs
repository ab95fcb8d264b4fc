using GroupReduce.Core.Execution;
using GroupReduce.Core.Frequencies;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tests.Frequencies;
using GroupReduce.Testing;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>
/// <c>frequencies: { source: corpus, tokenizer: gpt2 }</c> on a GPT-2-sized embedding padded to 50,304 rows: the Brown text
/// counted with the real GPT-2 tokenizer weights the rows, the padding rows are smoothed and reported, and a second run
/// reads the counts from the cache kept in the run's cache folder.
/// </summary>
public sealed class CorpusFrequenciesTests : IClassFixture<BrownGpt2Reference>
{
    private const int PaddedRows = 50304;
    private readonly BrownGpt2Reference _reference;

    public CorpusFrequenciesTests(BrownGpt2Reference reference) => _reference = reference;

    [Fact]
    public void Rows_are_weighted_by_the_corpus_counts_and_padding_rows_by_the_smoothing_count()
    {
        using var folder = new TempFolder();
        CompressionSpec spec = Write(folder, "4x");
        var context = new FrequencyContext(folder.File("lm.safetensors")) { CountOptions = new CorpusCountOptions { NoCache = true } };

        FrequencyTable table = FrequencyResolver.Resolve(spec.Frequencies, PaddedRows, null, null, context);

        for (int id = 0; id < 50257; id++)
        {
            Assert.Equal(_reference.Counts[id] > 0 ? _reference.Counts[id] : 0.5, table.Values[id]);
        }

        Assert.All(table.Values[50257..], v => Assert.Equal(0.5, v));
        Assert.Equal(47, table.PaddedRows);
        Assert.Equal(50257 - _reference.Counts.Count(c => c > 0), table.SmoothedRows);
        Assert.Contains(table.Notes, n => n.Contains("47 padding row(s) past the tokenizer's 50257 tokens", StringComparison.Ordinal));
    }

    [Fact]
    public void A_compression_counts_once_and_the_next_run_reads_the_counts_from_the_cache()
    {
        using var folder = new TempFolder();
        CompressionReport first = Run(folder, Write(folder, "2x"), "a.gr.safetensors");
        CompressionReport second = Run(folder, Write(folder, "2.5x"), "b.gr.safetensors");

        Assert.Contains(first.Notes, n => n.Contains("counted", StringComparison.Ordinal) && !n.Contains("from the cache", StringComparison.Ordinal));
        Assert.Contains(second.Notes, n => n.Contains("counts read from the cache", StringComparison.Ordinal));
        Assert.Contains(first.Notes, n => n.Contains("47 padding row(s)", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(folder.File(Path.Combine("cache", "counts")), "*.counts"));
        Assert.Equal(2, first.Inputs.Count(i => i.Role == "corpus file"));
    }

    private static CompressionSpec Write(TempFolder folder, string rate)
    {
        if (!File.Exists(folder.File("lm.safetensors")))
        {
            SyntheticModel.Create(rows: PaddedRows, columns: 16).Write(folder);
            Directory.CreateDirectory(folder.File("corpus"));
            foreach (string name in new[] { "test.txt", "valid.txt" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, "brown-lm", name), Path.Combine(folder.File("corpus"), name));
            }
        }

        File.WriteAllText(folder.File("groupreduce.yaml"), $$"""
            version: 1
            matrices: [encoder.weight]
            frequencies: { source: corpus, path: corpus/*.txt, tokenizer: gpt2, smoothing: 0.5 }
            budget: { rate: {{rate}} }
            groups: 2
            refinement: { iterations: 0 }
            """);
        return SpecLoader.Load(folder.File("groupreduce.yaml"));
    }

    private static CompressionReport Run(TempFolder folder, CompressionSpec spec, string output) => CompressionEngine.Run(
        new CompressionRequest
        {
            Spec = spec,
            ModelPath = folder.File("lm.safetensors"),
            OutputPath = folder.File(output),
            MaxDegreeOfParallelism = 2,
            CacheDirectory = folder.File("cache"),
        },
        NullRunObserver.Instance,
        CancellationToken.None);
}
