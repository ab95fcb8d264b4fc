using GroupReduce.Core.Execution;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;
using NextWord;

namespace GroupReduce.Runtime.Tests;

/// <summary>The NextWord sample's prediction code, on the Brown model compressed here with the sample's own spec.</summary>
public sealed class NextWordSampleTests
{
    [Fact]
    public void The_president_of_the_is_followed_by_real_words_deterministically()
    {
        string repository = RepositoryRoot();
        using var folder = new TempFolder();
        CompressionEngine.Run(
            new CompressionRequest
            {
                Spec = SpecLoader.Load(Path.Combine(repository, "samples", "NextWord", "groupreduce.yaml")),
                ModelPath = Path.Combine(repository, "samples", "brown-lm", "lm.safetensors"),
                OutputPath = folder.File("lm.gr.safetensors"),
                MaxDegreeOfParallelism = 2,
            },
            NullRunObserver.Instance,
            CancellationToken.None);
        using CompressedModel model = CompressedModel.Open(folder.File("lm.gr.safetensors"));
        NextWordPredictor predictor = NextWordPredictor.Open(model);

        IReadOnlyList<WordPrediction> first = predictor.Predict("the president of the");
        IReadOnlyList<WordPrediction> again = predictor.Predict("The  President of THE ");

        Assert.Equal(3, predictor.Context);
        Assert.Equal(10, first.Count);
        Assert.Equal(first, again);
        // Brown's tokens include punctuation (`` is its opening quote), which may rank low; the likeliest are words.
        Assert.All(first.Take(5), p => Assert.Matches("^[a-z][a-z'-]*$", p.Word));
        Assert.All(first, p => Assert.DoesNotMatch("^<(unk|eos)>$", p.Word));
        Assert.Equal(first.Count, first.Select(p => p.Word).Distinct().Count());
        Assert.True(first.Sum(p => (double)p.Probability) <= 1.0);
        Assert.True(first.Zip(first.Skip(1)).All(pair => pair.First.Probability >= pair.Second.Probability));
        Assert.Contains(first.Take(3), p => p.Word == "united");
        Assert.InRange(model.CompressionRate, 6.0, 7.2);
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GroupReduce.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("GroupReduce.sln is not above the test's folder.");
    }
}
