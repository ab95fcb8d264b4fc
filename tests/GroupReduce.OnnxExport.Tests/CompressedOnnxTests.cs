using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Models;
using GroupReduce.Runtime;
using GroupReduce.Runtime.Format;
using GroupReduce.Testing;
using Onnx;
using Xunit.Abstractions;

namespace GroupReduce.OnnxExport.Tests;

/// <summary>
/// The Brown model compressed to ONNX runs in stock ONNX Runtime and computes what GroupReduce.Runtime and
/// <c>groupreduce eval</c> compute from the same factors; everything but the two vocabulary matrices is the input's.
/// </summary>
public sealed class CompressedOnnxTests(CompressedBrownOnnx compressed, ITestOutputHelper output) : IClassFixture<CompressedBrownOnnx>
{
    private const string Hidden = "/Tanh_output_0";

    // The embedding rows widened to float (the Gather reads the F16 table; the Cast after it is the exporter's).
    private static readonly string Embedded = ModelProto.Parser.ParseFrom(File.ReadAllBytes(BrownOnnx.OnnxPath)).Graph.Node
        .Single(n => n.OpType == "Cast" && n.Input[0] == "/embedding/Gather_output_0").Output[0];

    [Fact]
    public void Ort_logits_and_embeddings_of_the_compressed_onnx_equal_the_runtime_heads_on_the_same_factors()
    {
        using var onnx = new BrownOnnx(compressed.WithOutputs("probe.onnx", Hidden, Embedded));
        using CompressedModel artifact = CompressedModel.Open(compressed.ArtifactPath);
        LanguageModelHead head = artifact.Head(embedding: "embedding.weight", softmax: "softmax.weight", bias: "softmax.bias");
        (long[] contexts, _) = onnx.Predictions(File.ReadLines(BrownOnnx.TestTextPath).Take(6));
        int count = Math.Min(64, contexts.Length / onnx.Context);
        contexts = contexts[..(count * onnx.Context)];
        float[][] values = onnx.Outputs(contexts, NplmOnnxExporter.OutputName, Hidden, Embedded);
        int v = head.VocabularySize;
        int h = head.HiddenWidth;
        int d = head.EmbeddingWidth;

        double worstLogit = 0;
        double worstRow = 0;
        var expected = new float[v];
        var row = new float[d];
        for (int b = 0; b < count; b++)
        {
            head.Logits(values[1].AsSpan(b * h, h), expected);
            worstLogit = Math.Max(worstLogit, RelativeDifference(values[0].AsSpan(b * v, v), expected));
            for (int k = 0; k < onnx.Context; k++)
            {
                head.Embed((int)contexts[(b * onnx.Context) + k], row);
                worstRow = Math.Max(worstRow, HalfUlps(values[2].AsSpan(((b * onnx.Context) + k) * d, d), row));
            }
        }

        output.WriteLine($"{count} contexts: logits max |ORT - head| / max |head| = {worstLogit:E2}; embedding rows within {worstRow:F2} float16 ulps");
        Assert.True(worstLogit < 1e-5, $"ORT's logits differ from the runtime head's by {worstLogit:E2}");

        // The graph's Gather yields float16 (the table was F16; the exporter's Cast widens after it), so the compressed
        // graph rounds each rebuilt row to float16 there as the original did: equal up to that rounding.
        Assert.True(worstRow <= 1, $"ORT's embedding rows differ from the runtime head's by {worstRow:F2} float16 ulps");
    }

    [Fact]
    public void Ort_perplexity_of_the_compressed_onnx_equals_groupreduce_evals_on_the_artifact()
    {
        const int Sentences = 300;
        using var onnx = new BrownOnnx(compressed.OnnxPath);
        using ModelFile file = ModelFileReader.Open(BrownOnnx.ModelPath);
        NplmModel nplm = NplmModel.Load(file);
        using CompressedModel artifact = CompressedModel.Open(compressed.ArtifactPath);
        TokenCorpus corpus = nplm.ReadCorpus(BrownOnnx.TestTextPath, Sentences);
        PerplexityResult expected = nplm.Perplexity(corpus, artifact, 2, CancellationToken.None);

        (long[] contexts, int[] targets) = onnx.Predictions(File.ReadLines(BrownOnnx.TestTextPath).Where(l => !string.IsNullOrWhiteSpace(l)).Take(Sentences));
        Assert.Equal(corpus.Predictions, targets.Length);
        double actual = Math.Exp(onnx.NegativeLogLikelihood(contexts, targets) / targets.Length);
        double relative = Math.Abs(actual - expected.Perplexity) / expected.Perplexity;
        output.WriteLine($"{Sentences} sentences: ORT perplexity of lm.gr.onnx {actual:F6}, eval on lm.gr.safetensors {expected.Perplexity:F6}, relative difference {relative:E2}");
        Assert.True(relative < 1e-5, $"ORT perplexity {actual} differs from eval's {expected.Perplexity} by {relative:E2}");
    }

    [Fact]
    public void Everything_but_the_vocabulary_matrices_is_the_inputs_and_the_manifest_is_in_the_metadata()
    {
        ModelProto original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(BrownOnnx.OnnxPath));
        ModelProto result = ModelProto.Parser.ParseFrom(File.ReadAllBytes(compressed.OnnxPath));
        string[] matrices = ["embedding.weight", "softmax.weight"];

        // Same opset, standard operators only, the other initializers byte for byte, the compressed ones gone.
        Assert.Equal(original.OpsetImport, result.OpsetImport);
        Assert.All(result.Graph.Node, n => Assert.Equal(string.Empty, n.Domain));
        foreach (TensorProto kept in original.Graph.Initializer.Where(t => !matrices.Contains(t.Name)))
        {
            Assert.Equal(kept, result.Graph.Initializer.Single(t => t.Name == kept.Name));
        }

        Assert.DoesNotContain(result.Graph.Initializer, t => matrices.Contains(t.Name));
        Assert.Equal(original.Graph.Input, result.Graph.Input);
        Assert.Equal(original.Graph.Output, result.Graph.Output);

        // The nodes that neither read a matrix nor compute from one directly are there, unchanged, in their order.
        string[] rewritten = ["Gather", "Transpose", "MatMul"];
        var untouched = original.Graph.Node.Where(n => n.OpType is "Flatten" or "Tanh" or "Add").ToList();
        var index = result.Graph.Node.ToList();
        Assert.All(untouched, n => Assert.Contains(n, index));
        Assert.Equal(untouched.Select(n => n.Name), index.Where(untouched.Contains).Select(n => n.Name));
        Assert.Contains(result.Graph.Node, n => rewritten.Contains(n.OpType) && n.Name.StartsWith("embedding.weight.gr", StringComparison.Ordinal));

        // The input's metadata stays; the manifest and spec are added under the artifact's keys.
        var before = original.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        var after = result.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.All(before, p => Assert.Equal(p.Value, after[p.Key]));
        Assert.Equal(ArtifactFormat.VersionText, after[MetadataKeys.FormatVersion]);
        Assert.Contains("\"tensor\":\"softmax.weight\"", after[MetadataKeys.Manifest], StringComparison.Ordinal);
        Assert.Equal(CompressedBrownOnnx.Spec, after[MetadataKeys.Spec]);

        long originalBytes = new FileInfo(BrownOnnx.OnnxPath).Length;
        long compressedBytes = new FileInfo(compressed.OnnxPath).Length;
        output.WriteLine($"lm.onnx {originalBytes} bytes -> lm.gr.onnx {compressedBytes} bytes ({(double)originalBytes / compressedBytes:F2}x); matrices {compressed.OnnxReport.Result.OriginalBytes} -> {compressed.OnnxReport.Result.Bytes}");
        Assert.True(compressedBytes * 4 < originalBytes, "the compressed ONNX model is not much smaller than the input");
    }

    // The largest |actual - expected| in units of float16's spacing at expected (0.5 is exact rounding).
    private static double HalfUlps(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double spacing = Math.Max(Math.Pow(2, Math.Floor(Math.Log2(Math.Abs(expected[i]))) - 10), Math.Pow(2, -24));
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / spacing);
        }

        return worst;
    }

    [Fact]
    public void A_perplexity_target_with_an_onnx_output_writes_the_measured_factors_as_onnx()
    {
        using var folder = new TempFolder();
        File.Copy(BrownOnnx.OnnxPath, folder.File("lm.onnx"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "brown-lm", "counts.tsv"), folder.File("counts.tsv"));
        File.Copy(BrownOnnx.TestTextPath, folder.File("held-out.txt"));
        string spec = CompressedBrownOnnx.Spec.Replace("budget:\n  rate: 6.6x", "budget:\n  target: { perplexity_increase: 8%, tokens: held-out.txt, max_sentences: 40, max_rate: 8x, trials: 2 }", StringComparison.Ordinal);
        Assert.Contains("perplexity_increase", spec, StringComparison.Ordinal);

        Core.Reporting.CompressionReport report = Testing.Engine.Runs.Compress(folder, spec, model: "lm.onnx", output: "lm.gr.onnx");

        // The ONNX model holds the factors the search measured: ORT's perplexity increase on the same sentences is the chosen one.
        Core.Reporting.QualitySearchReport search = report.Search!;
        string[] sentences = [.. File.ReadLines(folder.File("held-out.txt")).Where(l => !string.IsNullOrWhiteSpace(l)).Take(40)];
        using var original = new BrownOnnx(folder.File("lm.onnx"));
        using var compressedModel = new BrownOnnx(folder.File("lm.gr.onnx"));
        (long[] contexts, int[] targets) = original.Predictions(sentences);
        double increase = Math.Exp((compressedModel.NegativeLogLikelihood(contexts, targets) - original.NegativeLogLikelihood(contexts, targets)) / targets.Length) - 1;
        output.WriteLine($"chose {search.ChosenRate:F2}x after {search.Trials.Count} trials: measured increase {search.ChosenValue:P4}, ORT on lm.gr.onnx {increase:P4}");
        Assert.Equal(search.ChosenValue, increase, 1e-4);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.safetensors"));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    private static double RelativeDifference(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        }

        return worst / scale;
    }
}
