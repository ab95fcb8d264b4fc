using GroupReduce.Abstractions;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Models;
using GroupReduce.Testing;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Evaluation;

/// <summary>Eval's perplexity of the committed model follows docs/language-model.md to the letter.</summary>
public sealed class NplmPerplexityTests
{
    private static string Model => Path.Combine(BrownModel.Source, "lm.safetensors");

    [Fact]
    public void Perplexity_matches_a_plain_double_precision_reading_of_the_documented_formula()
    {
        using ModelFile file = ModelFileReader.Open(Model);
        NplmModel model = NplmModel.Load(file);
        TokenCorpus corpus = model.ReadCorpus(Path.Combine(BrownModel.Source, "test.txt"), maxSentences: 10);

        double fast = model.Perplexity(corpus, 2, CancellationToken.None).Perplexity;
        double reference = Reference(file, corpus, model);

        Assert.Equal(reference, fast, reference * 1e-5);
        Assert.Equal(corpus.Tokens + 10, corpus.Predictions);
    }

    [Fact]
    public void The_committed_model_is_far_better_than_a_unigram_model_and_says_so_in_its_metadata()
    {
        using ModelFile file = ModelFileReader.Open(Model);
        NplmModel model = NplmModel.Load(file);

        Assert.Equal(3, model.Context);
        Assert.Equal(128, model.EmbeddingWidth);
        Assert.Equal(128, model.HiddenWidth);
        Assert.Equal("<unk>", model.Vocabulary[model.UnknownId]);
        Assert.Equal("<eos>", model.Vocabulary[model.EndOfSentenceId]);
        double test = double.Parse(file.Metadata["groupreduce.lm.test_perplexity"], System.Globalization.CultureInfo.InvariantCulture);
        double unigram = double.Parse(file.Metadata["groupreduce.lm.unigram_test_perplexity"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(test < unigram / 2, $"test perplexity {test} vs unigram {unigram}");
    }

    [Fact]
    public void A_model_of_no_family_or_a_corpus_without_sentences_is_refused_clearly()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 50, columns: 4).Write(folder);
        using ModelFile plain = ModelFileReader.Open(folder.File("lm.safetensors"));
        GroupReduceException family = Assert.Throws<GroupReduceException>(() => NplmModel.Load(plain));
        Assert.Equal(EvaluationErrorCodes.NotAModelFamily, family.Code);
        Assert.Contains("--hidden/--next", family.Message, StringComparison.Ordinal);

        File.WriteAllText(folder.File("empty.txt"), "\n  \n");
        using ModelFile file = ModelFileReader.Open(Model);
        GroupReduceException empty = Assert.Throws<GroupReduceException>(() => NplmModel.Load(file).ReadCorpus(folder.File("empty.txt")));
        Assert.Equal(EvaluationErrorCodes.TokenFileInvalid, empty.Code);
        Assert.Equal(folder.File("empty.txt"), empty.Location!.Value.File);
    }

    private static double Reference(ModelFile file, TokenCorpus corpus, NplmModel model)
    {
        double[] E = Read(file, "embedding.weight");
        double[] W = Read(file, "hidden.weight");
        double[] b = Read(file, "hidden.bias");
        double[] S = Read(file, "softmax.weight");
        double[] c = Read(file, "softmax.bias");
        int v = model.Vocabulary.Count;
        int d = model.EmbeddingWidth;
        int h = model.HiddenWidth;
        int n = model.Context;
        double nll = 0;
        long count = 0;
        foreach (int[] sentence in corpus.Sentences)
        {
            for (int t = 0; t <= sentence.Length; t++)
            {
                var x = new double[n * d];
                for (int k = 1; k <= n; k++)
                {
                    int word = t - k >= 0 ? sentence[t - k] : model.EndOfSentenceId;
                    Array.Copy(E, word * d, x, (k - 1) * d, d);
                }

                var hidden = new double[h];
                for (int j = 0; j < h; j++)
                {
                    double sum = b[j];
                    for (int i = 0; i < n * d; i++)
                    {
                        sum += W[(j * n * d) + i] * x[i];
                    }

                    hidden[j] = Math.Tanh(sum);
                }

                var z = new double[v];
                double max = double.NegativeInfinity;
                for (int w = 0; w < v; w++)
                {
                    double sum = c[w];
                    for (int j = 0; j < h; j++)
                    {
                        sum += S[(w * h) + j] * hidden[j];
                    }

                    z[w] = sum;
                    max = Math.Max(max, sum);
                }

                double partition = 0;
                foreach (double value in z)
                {
                    partition += Math.Exp(value - max);
                }

                int target = t < sentence.Length ? sentence[t] : model.EndOfSentenceId;
                nll += max + Math.Log(partition) - z[target];
                count++;
            }
        }

        return Math.Exp(nll / count);
    }

    private static double[] Read(ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name)!;
        using var buffer = new MemoryStream();
        tensor.CopyRawTo(buffer, CancellationToken.None);
        Assert.Equal(TensorDType.F16, tensor.DType);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(buffer.ToArray()).ToArray().Select(x => (double)x).ToArray();
    }
}
