using GroupReduce.Core.Calibration;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Core.Tests.Evaluation;
using GroupReduce.Runtime;
using GroupReduce.Testing;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Calibration;

/// <summary><c>calibration: { tokens: … }</c>: what the repository's families say about their matrices, and what it buys.</summary>
public sealed class FamilyActivationsTests
{
    private static string Model => Path.Combine(BrownModel.Source, "lm.safetensors");

    private static string Valid => Path.Combine(BrownModel.Source, "valid.txt");

    private static string Test => Path.Combine(BrownModel.Source, "test.txt");

    [Fact]
    public void The_nplm_softmax_inputs_are_the_hidden_layer_of_each_prediction()
    {
        using ModelFile file = ModelFileReader.Open(Model);
        ModelActivations activations = LanguageModels.Activations(file, Test, maxSentences: 3, threads: 2, CancellationToken.None);
        NplmModel model = NplmModel.Load(file);
        TokenCorpus corpus = model.ReadCorpus(Test, 3);
        Assert.Equal(corpus.Predictions * model.HiddenWidth, activations.SoftmaxInputs.Length);
        Assert.Equal("softmax.weight", activations.SoftmaxTensor);
        Assert.Equal("embedding.weight", activations.EmbeddingTensor);

        // The first prediction of the first sentence sees <eos> at every context position: h = tanh(W [e; e; e] + b).
        float[] e = Row(file, "embedding.weight", model.EndOfSentenceId, model.EmbeddingWidth);
        float[] w = Values(file, "hidden.weight");
        float[] b = Values(file, "hidden.bias");
        int width = model.Context * model.EmbeddingWidth;
        for (int j = 0; j < model.HiddenWidth; j++)
        {
            double sum = b[j];
            for (int i = 0; i < width; i++)
            {
                sum += w[(j * width) + i] * e[i % model.EmbeddingWidth];
            }

            Assert.Equal(Math.Tanh(sum), activations.SoftmaxInputs[j], 4);
        }

        // Σ_k W_kᵀ W_k: its trace is the squared norm of the whole hidden weight.
        double trace = Enumerable.Range(0, model.EmbeddingWidth).Sum(a => activations.EmbeddingMetric[(a * model.EmbeddingWidth) + a]);
        Assert.Equal(w.Sum(x => (double)x * x), trace, 6);
    }

    [Fact]
    public void Calibrating_by_validation_tokens_lowers_the_kl_divergence_on_test_hidden_states()
    {
        using var folder = new TempFolder();
        string spec = File.ReadAllText(Path.Combine(BrownModel.Source, "groupreduce.yaml"))
            .Replace("path: counts.tsv", $"path: {Path.Combine(BrownModel.Source, "counts.tsv")}", StringComparison.Ordinal)
            .Replace("iterations: 3", "iterations: 1", StringComparison.Ordinal);
        File.WriteAllText(folder.File("plain.yaml"), spec);
        File.WriteAllText(folder.File("calibrated.yaml"), spec + $"calibration:\n  tokens: {Valid}\n  max_sentences: 1500\n");

        CompressionReport plain = Compress(folder, "plain");
        CompressionReport calibrated = Compress(folder, "calibrated");

        // Held-out: the softmax inputs of test sentences, which calibration never saw.
        using ModelFile file = ModelFileReader.Open(Model);
        ModelActivations heldOut = LanguageModels.Activations(file, Test, maxSentences: 150, threads: 2, CancellationToken.None);
        int count = heldOut.SoftmaxInputs.Length / heldOut.HiddenWidth;
        File.WriteAllBytes(folder.File("h.npy"), NpyBytes.Build("<f4", [count, heldOut.HiddenWidth], heldOut.SoftmaxInputs.SelectMany(BitConverter.GetBytes).ToArray()));
        File.WriteAllBytes(folder.File("y.npy"), NpyBytes.Build("<i8", [count], Enumerable.Range(0, count).SelectMany(i => BitConverter.GetBytes((long)(i % 1000))).ToArray()));
        double Kl(string name) => SoftmaxCalibration.Run(file, CompressedModel.Open(folder.File(name + ".gr.safetensors")), folder.File("h.npy"), folder.File("y.npy"), "softmax.weight", "softmax.bias", 2, CancellationToken.None).MeanKlDivergence;

        Assert.True(Kl("calibrated") < Kl("plain"), $"calibrated {Kl("calibrated")} vs plain {Kl("plain")}");
        Assert.Equal(plain.Result.Bytes, calibrated.Result.Bytes, 0.01 * plain.Result.Bytes);
        Assert.Contains(calibrated.Inputs, input => input.Path == Valid);
    }

    private static CompressionReport Compress(TempFolder folder, string name) => CompressionEngine.Run(
        new CompressionRequest { Spec = SpecLoader.Load(folder.File(name + ".yaml")), ModelPath = Model, OutputPath = folder.File(name + ".gr.safetensors"), MaxDegreeOfParallelism = 2 },
        NullRunObserver.Instance,
        CancellationToken.None);

    private static float[] Values(ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name)!;
        using var buffer = new MemoryStream();
        tensor.CopyRawTo(buffer, CancellationToken.None);
        byte[] raw = buffer.ToArray();
        return [.. Enumerable.Range(0, raw.Length / 2).Select(i => (float)BitConverter.ToHalf(raw, 2 * i))];
    }

    private static float[] Row(ModelFile file, string name, int row, int width) => Values(file, name).AsSpan(row * width, width).ToArray();
}
