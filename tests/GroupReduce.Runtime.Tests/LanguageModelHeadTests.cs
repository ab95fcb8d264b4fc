using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Runtime.Tests;

/// <summary>
/// The head's logits, embeddings and top-k equal what the format-only reference decoder's dense matrices give,
/// for every method and encoding; and the head is allocation-free, thread-safe and clear about bad arguments.
/// </summary>
public sealed class LanguageModelHeadTests
{
    // Wide enough that groups get ranks past one Vector512, and rows enough for several decode chunks per group.
    private const int Rows = 500;
    private const int Columns = 40;

    public static TheoryData<string, string> Methods => ArtifactParityTests.Methods;

    [Theory]
    [MemberData(nameof(Methods))]
    public void Logits_embeddings_and_top_k_match_the_reconstructed_dense_matrices(string method, string quantizer)
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: Rows, columns: Columns);
        model.Write(folder);
        Runs.Compress(folder, Runs.BasicSpec.Replace("rate: 4x", "rate: 3x", StringComparison.Ordinal) + $"method: {method}\n{quantizer}\n");
        Dictionary<string, float[]> dense = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));
        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));

        LanguageModelHead head = artifact.Head(products: QuantizedProducts.ExactDecoding);

        Assert.Equal("encoder.weight", head.Embedding!.Name);
        Assert.Equal("decoder.weight", head.Softmax.Name);
        Assert.Equal("decoder.bias", head.BiasName);
        float[] softmax = dense["decoder.weight"];
        float[] embedding = dense["encoder.weight"];
        var row = new float[Columns];
        for (int id = 0; id < Rows; id++)
        {
            head.Embed(id, row);
            for (int j = 0; j < Columns; j++)
            {
                float expected = embedding[(id * Columns) + j];
                Assert.True(Math.Abs(row[j] - expected) <= 1e-5f * (1 + Math.Abs(expected)), $"embedding [{id},{j}]: {row[j]} vs {expected}");
            }
        }

        for (int sample = 0; sample < 3; sample++)
        {
            float[] h = Enumerable.Range(0, Columns).Select(j => MathF.Sin((sample * 7) + (j * 1.3f))).ToArray();
            double[] reference = DenseLogits(softmax, model.Bias, h);
            var logits = new float[Rows];
            head.Logits(h, logits);
            for (int i = 0; i < Rows; i++)
            {
                Assert.True(Math.Abs(logits[i] - reference[i]) <= 1e-4 * (1 + Math.Abs(reference[i])), $"logit {i}: {logits[i]} vs {reference[i]}");
            }

            // Top-k is a stable descending sort of the head's own logits, with log-softmax over all of them.
            double max = logits.Max();
            double normaliser = max + Math.Log(logits.Sum(z => Math.Exp(z - max)));
            int[] sorted = Enumerable.Range(0, Rows).OrderByDescending(i => logits[i]).ThenBy(i => i).Take(12).ToArray();
            TokenPrediction[] top = head.TopK(h, 12);
            Assert.Equal(sorted, top.Select(p => p.Id).ToArray());
            foreach (TokenPrediction p in top)
            {
                Assert.Equal(logits[p.Id], p.Logit);
                Assert.True(Math.Abs(logits[p.Id] - normaliser - p.LogProbability) <= 1e-4 * (1 + Math.Abs(normaliser)), $"log p({p.Id}): {p.LogProbability} vs {logits[p.Id] - normaliser}");
            }
        }
    }

    [Fact]
    public void Top_k_larger_than_the_vocabulary_returns_every_token_and_probabilities_sum_to_one()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 60, columns: 12).Write(folder);
        Runs.Compress(folder, Runs.BasicSpec);
        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));
        LanguageModelHead head = artifact.Head();

        TokenPrediction[] all = head.TopK(Enumerable.Repeat(0.5f, 12).ToArray(), 1000);

        Assert.Equal(60, all.Length);
        Assert.Equal(Enumerable.Range(0, 60), all.Select(p => p.Id).Order());
        Assert.Equal(1.0, all.Sum(p => (double)p.Probability), 4);
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Logit >= pair.Second.Logit));
    }

    [Theory]
    [InlineData("quantizer: float")]
    [InlineData("quantizer: int8")]
    [InlineData("quantizer: int4")]
    [InlineData("quantizer: { name: float, options: { dtype: f16 } }")]
    [InlineData("quantizer: { name: codebook, options: { bits: 3 } }")]
    public void The_hot_path_allocates_nothing(string quantizer)
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: Rows, columns: Columns).Write(folder);
        Runs.Compress(folder, Runs.BasicSpec + quantizer + "\n");
        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));
        LanguageModelHead head = artifact.Head();
        float[] h = Enumerable.Range(0, Columns).Select(j => MathF.Cos(j)).ToArray();
        var logits = new float[Rows];
        var embedding = new float[Columns];
        var best = new TokenPrediction[10];
        void HotPath()
        {
            for (int id = 0; id < 50; id++)
            {
                head.Embed(id * 7, embedding);
                head.Logits(h, logits);
                head.TopK(h, logits, best);
            }

            head.LogSoftmax(logits);
        }

        HotPath();
        long before = GC.GetAllocatedBytesForCurrentThread();
        HotPath();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Many_threads_using_one_head_get_what_one_thread_gets()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: Rows, columns: Columns).Write(folder);
        Runs.Compress(folder, Runs.BasicSpec + "quantizer: int8\n");
        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));
        LanguageModelHead head = artifact.Head();
        float[][] inputs = Enumerable.Range(0, 96).Select(s => Enumerable.Range(0, Columns).Select(j => MathF.Cos((s * 31) + j)).ToArray()).ToArray();
        (float[] Logits, TokenPrediction[] Top, float[] Embedding) Run(int s)
        {
            var logits = new float[Rows];
            head.Logits(inputs[s], logits);
            var embedding = new float[Columns];
            head.Embed(s * 5, embedding);
            return (logits, head.TopK(inputs[s], 5), embedding);
        }

        var serial = Enumerable.Range(0, inputs.Length).Select(Run).ToArray();
        var parallel = new (float[] Logits, TokenPrediction[] Top, float[] Embedding)[inputs.Length];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, s => parallel[s] = Run(s));

        for (int s = 0; s < inputs.Length; s++)
        {
            Assert.Equal(serial[s].Logits, parallel[s].Logits);
            Assert.Equal(serial[s].Top, parallel[s].Top);
            Assert.Equal(serial[s].Embedding, parallel[s].Embedding);
        }
    }

    [Fact]
    public void Bad_arguments_and_names_are_refused_clearly()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 120, columns: 10).Write(folder, extra: new Dictionary<string, float[]> { ["short.bias"] = new float[1200] });
        Runs.Compress(folder, Runs.BasicSpec);
        CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));
        LanguageModelHead head = artifact.Head();

        Assert.Contains("has 9 values", Assert.Throws<ArgumentException>(() => head.Logits(new float[9], new float[120])).Message, StringComparison.Ordinal);
        Assert.Contains("120 tokens", Assert.Throws<ArgumentException>(() => head.Logits(new float[10], new float[119])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => head.TopK(new float[10], 0));
        Assert.Throws<ArgumentException>(() => head.TopK(new float[10], new float[120], Span<TokenPrediction>.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => head.Embed(120, new float[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => head.Embed(-1, new float[10]));
        Assert.Throws<ArgumentException>(() => head.Embed(0, new float[9]));
        Assert.Contains("'encoder.weight'", Assert.Throws<KeyNotFoundException>(() => artifact.Head(softmax: "lm_head.weight")).Message, StringComparison.Ordinal);
        Assert.Contains("needs [120]", Assert.Throws<ArgumentException>(() => artifact.Head(bias: "short.bias")).Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => artifact.Head(bias: "missing.bias"));

        artifact.Dispose();
        Assert.Throws<ObjectDisposedException>(() => head.Logits(new float[10], new float[120]));
        Assert.Throws<ObjectDisposedException>(() => artifact.Head());
    }

    [Fact]
    public void An_artifact_of_the_softmax_alone_gives_a_head_without_an_embedding()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 80, columns: 10).Write(folder);
        Runs.Compress(folder, Runs.BasicSpec.Replace("matrices: [encoder.weight, decoder.weight]", "matrices: [decoder.weight]", StringComparison.Ordinal));
        using CompressedModel artifact = CompressedModel.Open(folder.File("out.gr.safetensors"));

        LanguageModelHead head = artifact.Head();

        Assert.Null(head.Embedding);
        Assert.Equal("decoder.bias", head.BiasName);
        Assert.Contains("no input embedding", Assert.Throws<InvalidOperationException>(() => head.Embed(0, new float[10])).Message, StringComparison.Ordinal);
        Assert.Equal(5, head.TopK(new float[10], 5).Length);
    }

    private static double[] DenseLogits(float[] matrix, float[] bias, float[] h)
    {
        var z = new double[bias.Length];
        for (int i = 0; i < z.Length; i++)
        {
            double sum = bias[i];
            for (int j = 0; j < h.Length; j++)
            {
                sum += (double)matrix[(i * h.Length) + j] * h[j];
            }

            z[i] = sum;
        }

        return z;
    }
}
