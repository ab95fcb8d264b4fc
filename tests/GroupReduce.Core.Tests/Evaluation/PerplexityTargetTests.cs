using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Runtime;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Evaluation;

/// <summary>A perplexity budget on the committed model: the artifact compress chooses meets it, measured independently.</summary>
public sealed class PerplexityTargetTests
{
    [Fact]
    public void The_artifact_chosen_for_a_perplexity_target_meets_it()
    {
        using var folder = new TempFolder();
        foreach (string sample in Directory.GetFiles(BrownModel.Source))
        {
            File.Copy(sample, folder.File(Path.GetFileName(sample)));
        }

        string spec = File.ReadAllText(folder.File("groupreduce.yaml"))
            .Replace("  rate: 6.6x", "  target: { perplexity_increase: 12%, tokens: valid.txt, max_sentences: 100, trials: 3 }", StringComparison.Ordinal);
        File.WriteAllText(folder.File("target.yaml"), spec);

        CompressionReport report = CompressionEngine.Run(
            new CompressionRequest { Spec = SpecLoader.Load(folder.File("target.yaml")), ModelPath = folder.File("lm.safetensors"), OutputPath = folder.File("lm.gr.safetensors"), MaxDegreeOfParallelism = 2 },
            NullRunObserver.Instance,
            CancellationToken.None);

        QualitySearchReport search = report.Search!;
        Assert.Equal("perplexity_increase", search.Measure);
        Assert.True(search.ChosenValue <= 0.12);
        Assert.True(search.ChosenRate > 1.25);

        // Measured again, apart from the search, on the same sentences.
        using ModelFile file = ModelFileReader.Open(folder.File("lm.safetensors"));
        NplmModel model = NplmModel.Load(file);
        TokenCorpus corpus = model.ReadCorpus(folder.File("valid.txt"), 100);
        using CompressedModel artifact = CompressedModel.Open(folder.File("lm.gr.safetensors"));
        double original = model.Perplexity(corpus, 2, CancellationToken.None).Perplexity;
        double compressed = model.Perplexity(corpus, artifact, 2, CancellationToken.None).Perplexity;
        Assert.Equal(search.ChosenValue, compressed / original - 1, 9);
        Assert.Equal(search.OriginalPerplexity!.Value, original, 9);
        Assert.Equal(report.Result.Rate, artifact.CompressionRate, 9);

        // A trial at a higher rate, if any, missed: nothing smaller that meets the target was left unchosen.
        Assert.All(search.Trials.Where(t => t.Rate > search.ChosenRate), t => Assert.False(t.Met));
        Assert.Contains("budget.target", File.ReadAllText(folder.File("lm.gr.report.md")).Replace("Quality target", "budget.target", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
