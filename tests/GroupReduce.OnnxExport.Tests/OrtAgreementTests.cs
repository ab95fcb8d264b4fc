using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Models;
using GroupReduce.Testing;
using Xunit.Abstractions;

namespace GroupReduce.OnnxExport.Tests;

/// <summary>ONNX Runtime running the committed lm.onnx computes what the repository computes from lm.safetensors.</summary>
public sealed class OrtAgreementTests(ITestOutputHelper output)
{
    [Fact]
    public void Ort_logits_equal_the_forward_pass_of_the_safetensors_model()
    {
        using var onnx = new BrownOnnx();
        var reference = new ReferenceNplm(BrownOnnx.ModelPath);
        Assert.Equal(reference.Context, onnx.Context);

        // The first 64 predictions of test.txt: sentence starts (eos-padded contexts), unknown words, ends of sentence.
        (long[] contexts, _) = onnx.Predictions(File.ReadLines(BrownOnnx.TestTextPath).Take(6));
        int count = Math.Min(64, contexts.Length / onnx.Context);
        contexts = contexts[..(count * onnx.Context)];
        float[] logits = onnx.Logits(contexts);
        int v = onnx.Vocabulary.Length;

        double worst = 0;
        for (int b = 0; b < count; b++)
        {
            double[] expected = reference.Logits(contexts.AsSpan(b * onnx.Context, onnx.Context));
            double scale = expected.Max(Math.Abs);
            for (int r = 0; r < v; r++)
            {
                worst = Math.Max(worst, Math.Abs(logits[(b * v) + r] - expected[r]) / scale);
            }
        }

        output.WriteLine($"{count} contexts x {v} logits: max |ORT - reference| / max |reference| = {worst:E2}");
        Assert.True(worst < 1e-5, $"ORT's logits differ from the forward pass by {worst:E2} of the largest logit");
    }

    [Fact]
    public void Ort_sentence_losses_equal_groupreduce_evals_NplmModel()
    {
        using var onnx = new BrownOnnx();
        using ModelFile file = ModelFileReader.Open(BrownOnnx.ModelPath);
        NplmModel nplm = NplmModel.Load(file);
        using var folder = new TempFolder();
        double worst = 0;
        string[] sentences = [.. File.ReadLines(BrownOnnx.TestTextPath).Take(12)];
        for (int i = 0; i < sentences.Length; i++)
        {
            // One sentence per token file: eval's loss for exactly these predictions.
            string path = folder.File($"sentence{i}.txt");
            File.WriteAllText(path, sentences[i] + "\n");
            PerplexityResult expected = nplm.Perplexity(nplm.ReadCorpus(path), 1, CancellationToken.None);

            (long[] contexts, int[] targets) = onnx.Predictions([sentences[i]]);
            Assert.Equal(expected.Predictions, targets.Length);
            double actual = onnx.NegativeLogLikelihood(contexts, targets);
            worst = Math.Max(worst, Math.Abs(actual - expected.NegativeLogLikelihood) / expected.NegativeLogLikelihood);
        }

        output.WriteLine($"{sentences.Length} sentences: max relative difference of the summed loss = {worst:E2}");
        Assert.True(worst < 1e-5, $"ORT's sentence losses differ from eval's by {worst:E2}");
    }

    [Fact]
    public void Ort_perplexity_on_a_slice_of_test_txt_equals_groupreduce_evals()
    {
        const int Sentences = 300;
        using var onnx = new BrownOnnx();
        using ModelFile file = ModelFileReader.Open(BrownOnnx.ModelPath);
        NplmModel nplm = NplmModel.Load(file);
        TokenCorpus corpus = nplm.ReadCorpus(BrownOnnx.TestTextPath, Sentences);
        PerplexityResult expected = nplm.Perplexity(corpus, 2, CancellationToken.None);

        // The words mapped through the ONNX file's own vocabulary give eval's ids.
        (long[] contexts, int[] targets) = onnx.Predictions(File.ReadLines(BrownOnnx.TestTextPath).Where(l => !string.IsNullOrWhiteSpace(l)).Take(Sentences));
        Assert.Equal(corpus.Predictions, targets.Length);
        Assert.Equal(corpus.Sentences.SelectMany(s => s.Append(nplm.EndOfSentenceId)), targets);

        double actual = Math.Exp(onnx.NegativeLogLikelihood(contexts, targets) / targets.Length);
        double relative = Math.Abs(actual - expected.Perplexity) / expected.Perplexity;
        output.WriteLine($"{Sentences} sentences, {targets.Length} predictions: ORT perplexity {actual:F6}, eval {expected.Perplexity:F6}, relative difference {relative:E2}");
        Assert.True(relative < 1e-5, $"ORT perplexity {actual} differs from eval's {expected.Perplexity} by {relative:E2} relative");
    }
}
