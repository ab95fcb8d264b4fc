using GroupReduce.Core.Execution;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Spec;
using GroupReduce.Runtime;
using GroupReduce.Testing;
using NextWord;
using NextWordOnnx;

namespace GroupReduce.OnnxExport.Tests;

/// <summary>
/// The two next-word samples agree: samples/NextWord (lm.safetensors compressed, GroupReduce.Runtime) and
/// samples/NextWordOnnx (lm.onnx compressed, ONNX Runtime), each compressed here with its own spec and run with its own
/// prediction code, suggest the same words in the same order.
/// </summary>
public sealed class NextWordSamplesTests
{
    private static readonly string[] Texts = ["the president of the", "he said that", "in the", "it was a", "zzz unknown words"];

    [Fact]
    public void Both_samples_suggest_the_same_words_with_the_same_probabilities()
    {
        string repository = RepositoryRoot();
        using var folder = new TempFolder();
        Compress(Path.Combine(repository, "samples", "NextWord", "groupreduce.yaml"), Path.Combine(repository, "samples", "brown-lm", "lm.safetensors"), folder.File("lm.gr.safetensors"));
        Compress(Path.Combine(repository, "samples", "NextWordOnnx", "groupreduce.yaml"), Path.Combine(repository, "samples", "brown-lm", "lm.onnx"), folder.File("lm.gr.onnx"));
        using CompressedModel model = CompressedModel.Open(folder.File("lm.gr.safetensors"));
        NextWordPredictor runtime = NextWordPredictor.Open(model);
        using NextWordOnnxPredictor onnx = NextWordOnnxPredictor.Open(folder.File("lm.gr.onnx"));

        Assert.Equal(runtime.Context, onnx.Context);
        foreach (string text in Texts)
        {
            IReadOnlyList<NextWord.WordPrediction> expected = runtime.Predict(text);
            IReadOnlyList<NextWordOnnx.WordPrediction> actual = onnx.Predict(text);
            Assert.Equal(expected.Count, actual.Count);

            // The ONNX graph's Gather yields float16 rows (the export's embedding table is F16, widened by a Cast after
            // it), so the compressed graph rounds each rebuilt row to float16 where GroupReduce.Runtime keeps float32, and
            // the runtime multiplies the int8 softmax in integers (docs/runtime.md: h rounded to int8, a logit off by up to
            // half the input step times the row's L1 norm, about 0.01–0.03 here) where ONNX Runtime decodes it: the
            // probabilities agree to that rounding, not bit for bit. So two words may trade places only where they are
            // that close: at every rank the two samples' probabilities agree to 3 %.
            int same = 0;
            foreach ((NextWord.WordPrediction e, NextWordOnnx.WordPrediction a) in expected.Zip(actual))
            {
                Assert.True(Math.Abs(e.Probability - a.Probability) <= 0.03 * e.Probability, $"'{text}': {e.Word} {e.Probability} vs {a.Word} {a.Probability}");
                same += e.Word == a.Word ? 1 : 0;
            }

            // Near ties are rare: all but at most two ranks name the same word.
            Assert.True(same >= expected.Count - 2, $"'{text}': {string.Join(", ", expected.Select(p => p.Word))} vs {string.Join(", ", actual.Select(p => p.Word))}");
        }
    }

    [Fact]
    public void The_onnx_samples_spec_is_the_nextword_spec_without_its_matrices()
    {
        string repository = RepositoryRoot();
        Assert.Equal(
            Settings(Path.Combine(repository, "samples", "NextWord", "groupreduce.yaml")).Where(line => !line.StartsWith("matrices:", StringComparison.Ordinal) && !line.StartsWith("- ", StringComparison.Ordinal)),
            Settings(Path.Combine(repository, "samples", "NextWordOnnx", "groupreduce.yaml")));
    }

    // The spec's lines without comments or indentation: its keys and values.
    private static IEnumerable<string> Settings(string spec) => File.ReadLines(spec)
        .Select(line => (line.Contains('#', StringComparison.Ordinal) ? line[..line.IndexOf('#', StringComparison.Ordinal)] : line).Trim())
        .Where(line => line.Length > 0)
        .ToList();

    private static void Compress(string spec, string model, string output) =>
        CompressionEngine.Run(
            new CompressionRequest { Spec = SpecLoader.Load(spec), ModelPath = model, OutputPath = output, MaxDegreeOfParallelism = 2 },
            NullRunObserver.Instance,
            CancellationToken.None);

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
