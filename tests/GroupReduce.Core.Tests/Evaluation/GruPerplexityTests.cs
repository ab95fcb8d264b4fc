using System.Globalization;
using System.Runtime.InteropServices;
using GroupReduce.Abstractions;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Evaluation;

/// <summary>Eval's perplexity of the committed recurrent model (samples/brown-gru) follows docs/language-model.md to the letter.</summary>
public sealed class GruPerplexityTests
{
    private static string Source => Path.Combine(AppContext.BaseDirectory, "brown-gru");

    private static string Model => Path.Combine(Source, "lm.safetensors");

    private static string TestTokens => Path.Combine(BrownModel.Source, "test.txt");

    [Fact]
    public void Eval_chooses_the_family_by_metadata_and_matches_a_plain_double_precision_reading_of_the_gru_equations()
    {
        using ModelFile file = ModelFileReader.Open(Model);
        ILanguageModel loaded = LanguageModels.Load(file);
        GruModel model = Assert.IsType<GruModel>(loaded);
        Assert.IsType<NplmModel>(LanguageModels.Load(ModelFileReader.Open(Path.Combine(BrownModel.Source, "lm.safetensors"))));
        TokenCorpus corpus = model.ReadCorpus(TestTokens, maxSentences: 6);

        double fast = model.Perplexity(corpus, 2, CancellationToken.None).Perplexity;
        double oneThread = model.Perplexity(corpus, 1, CancellationToken.None).Perplexity;
        double reference = Reference(file, corpus, model);

        Assert.Equal(reference, fast, reference * 1e-5);
        Assert.Equal(fast, oneThread);
        Assert.Equal(corpus.Tokens + 6, corpus.Predictions);
    }

    [Fact]
    public void Eval_reproduces_the_perplexity_the_trainer_recorded()
    {
        // The trainer records the whole test.txt's perplexity and, for a quick check, that of its first 200
        // sentences; eval's must be the same to the last digits (docs/language-model.md).
        using ModelFile file = ModelFileReader.Open(Model);
        GruModel model = GruModel.Load(file);
        TokenCorpus corpus = model.ReadCorpus(TestTokens, maxSentences: 200);

        double measured = model.Perplexity(corpus, 2, CancellationToken.None).Perplexity;

        double recorded = Metadata(file, "groupreduce.lm.test_perplexity_first_200");
        Assert.Equal(recorded, measured, recorded * 1e-6);
        Assert.True(Metadata(file, "groupreduce.lm.test_perplexity") < Metadata(file, "groupreduce.lm.unigram_test_perplexity") / 2);
        Assert.Equal(128, model.EmbeddingWidth);
        Assert.Equal("<eos>", model.Vocabulary[model.EndOfSentenceId]);
        Assert.Equal("<unk>", model.Vocabulary[model.UnknownId]);
    }

    [Fact]
    public void Eval_measures_an_artifact_compressed_from_the_gru_model()
    {
        using var folder = new TempFolder();
        string artifact = folder.File("lm.gr.safetensors");
        CompressionEngine.Run(
            new CompressionRequest { Spec = SpecLoader.Load(Path.Combine(Source, "groupreduce.yaml")), ModelPath = Model, OutputPath = artifact, MaxDegreeOfParallelism = 2 },
            NullRunObserver.Instance,
            CancellationToken.None);

        EvaluationReport report = Evaluator.Run(
            new EvaluationRequest { ModelPath = Model, ArtifactPath = artifact, TokensPath = TestTokens, MaxSentences = 20, MaxDegreeOfParallelism = 2 },
            NullRunObserver.Instance,
            CancellationToken.None);

        LanguageModelEvaluation language = report.LanguageModel!;
        Assert.Equal(20, language.Sentences);
        using ModelFile file = ModelFileReader.Open(Model);
        GruModel model = GruModel.Load(file);
        Assert.Equal(model.Perplexity(model.ReadCorpus(TestTokens, 20), 2, CancellationToken.None).Perplexity, language.OriginalPerplexity);
        Assert.True(language.CompressedPerplexity > language.OriginalPerplexity, $"{language.CompressedPerplexity} vs {language.OriginalPerplexity}");
        Assert.True(language.CompressedPerplexity < language.OriginalPerplexity * 1.5, $"{language.CompressedPerplexity} vs {language.OriginalPerplexity}");
    }

    [Fact]
    public void A_gru_file_missing_a_tensor_or_of_an_unknown_family_is_refused_clearly()
    {
        using var folder = new TempFolder();
        using ModelFile file = ModelFileReader.Open(Model);
        var metadata = new Dictionary<string, string>(file.Metadata, StringComparer.Ordinal);
        // The weights but gru.bias_hh, and the vocabulary tensors rebuilt from the tokens the reader exposes.
        List<SafetensorsEntry> entries = [.. file.Tensors.Where(t => t.Name != "gru.bias_hh" && !t.Name.StartsWith("groupreduce.vocab.", StringComparison.Ordinal)).Select(t => SafetensorsEntry.FromBytes(t.Name, "F16", [.. t.Shape], Raw(t)))];
        byte[][] tokens = [.. file.Vocabulary!.Select(System.Text.Encoding.UTF8.GetBytes)];
        long[] offsets = [0, .. tokens.Select(t => (long)t.Length)];
        for (int i = 1; i < offsets.Length; i++)
        {
            offsets[i] += offsets[i - 1];
        }

        entries.Add(SafetensorsEntry.FromBytes("groupreduce.vocab.offsets", "I64", [offsets.Length], MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray()));
        entries.Add(SafetensorsEntry.FromBytes("groupreduce.vocab.bytes", "U8", [offsets[^1]], tokens.SelectMany(t => t).ToArray()));

        Write(folder.File("missing.safetensors"), metadata, entries);
        using ModelFile missing = ModelFileReader.Open(folder.File("missing.safetensors"));
        GroupReduceException invalid = Assert.Throws<GroupReduceException>(() => LanguageModels.Load(missing));
        Assert.Equal(EvaluationErrorCodes.FamilyTensorInvalid, invalid.Code);
        Assert.Contains("the gru model", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("'gru.bias_hh'", invalid.Message, StringComparison.Ordinal);

        metadata["groupreduce.lm.family"] = "lstm";
        Write(folder.File("lstm.safetensors"), metadata, entries);
        using ModelFile lstm = ModelFileReader.Open(folder.File("lstm.safetensors"));
        GroupReduceException family = Assert.Throws<GroupReduceException>(() => LanguageModels.Load(lstm));
        Assert.Equal(EvaluationErrorCodes.NotAModelFamily, family.Code);
        Assert.Contains("'nplm' and 'gru'", family.Message, StringComparison.Ordinal);
        Assert.Contains("--hidden/--next", family.Message, StringComparison.Ordinal);
    }

    private static void Write(string path, IReadOnlyDictionary<string, string> metadata, IEnumerable<SafetensorsEntry> entries)
    {
        using FileStream stream = File.Create(path);
        SafetensorsWriter.Write(stream, metadata, entries);
    }

    private static double Metadata(ModelFile file, string key) => double.Parse(file.Metadata[key], CultureInfo.InvariantCulture);

    private static double Reference(ModelFile file, TokenCorpus corpus, GruModel model)
    {
        double[] e = Read(file, "embedding.weight");
        double[] wi = Read(file, "gru.weight_ih");
        double[] wh = Read(file, "gru.weight_hh");
        double[] bi = Read(file, "gru.bias_ih");
        double[] bh = Read(file, "gru.bias_hh");
        double[] s = Read(file, "softmax.weight");
        double[] c = Read(file, "softmax.bias");
        int v = model.Vocabulary.Count, d = model.EmbeddingWidth, h = model.HiddenWidth;
        double nll = 0;
        long count = 0;
        foreach (int[] sentence in corpus.Sentences)
        {
            var state = new double[h];
            for (int t = 0; t <= sentence.Length; t++)
            {
                int input = t == 0 ? model.EndOfSentenceId : sentence[t - 1];
                double Affine(double[] w, double[] b, int row, int width, Func<int, double> x)
                {
                    double sum = b[row];
                    for (int k = 0; k < width; k++)
                    {
                        sum += w[(row * width) + k] * x(k);
                    }

                    return sum;
                }

                double[] previous = state;
                var next = new double[h];
                for (int j = 0; j < h; j++)
                {
                    // PyTorch's GRU, gate rows in the order r, z, n.
                    double r = Sigmoid(Affine(wi, bi, j, d, k => e[(input * d) + k]) + Affine(wh, bh, j, h, k => previous[k]));
                    double z = Sigmoid(Affine(wi, bi, h + j, d, k => e[(input * d) + k]) + Affine(wh, bh, h + j, h, k => previous[k]));
                    double n = Math.Tanh(Affine(wi, bi, (2 * h) + j, d, k => e[(input * d) + k]) + (r * Affine(wh, bh, (2 * h) + j, h, k => previous[k])));
                    next[j] = ((1 - z) * n) + (z * previous[j]);
                }

                state = next;
                var logits = new double[v];
                double max = double.NegativeInfinity;
                for (int w = 0; w < v; w++)
                {
                    double sum = c[w];
                    for (int j = 0; j < h; j++)
                    {
                        sum += s[(w * h) + j] * state[j];
                    }

                    logits[w] = sum;
                    max = Math.Max(max, sum);
                }

                double partition = logits.Sum(z => Math.Exp(z - max));
                int target = t < sentence.Length ? sentence[t] : model.EndOfSentenceId;
                nll += max + Math.Log(partition) - logits[target];
                count++;
            }
        }

        return Math.Exp(nll / count);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double[] Read(ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name)!;
        Assert.Equal(TensorDType.F16, tensor.DType);
        return [.. MemoryMarshal.Cast<byte, Half>(Raw(tensor)).ToArray().Select(x => (double)x)];
    }

    private static byte[] Raw(ModelTensor tensor)
    {
        using var buffer = new MemoryStream();
        tensor.CopyRawTo(buffer, CancellationToken.None);
        return buffer.ToArray();
    }
}
