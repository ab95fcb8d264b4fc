using System.Runtime.InteropServices;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts.Onnx;
using GroupReduce.Core.Models;
using GroupReduce.Core.Reporting;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Xunit.Abstractions;
using DataType = Onnx.TensorProto.Types.DataType;

namespace GroupReduce.Core.Tests.Artifacts.Onnx;

/// <summary>
/// An ONNX input compressed to an ONNX output runs in stock ONNX Runtime and computes exactly the compressed matrices
/// (<see cref="OnnxOutputCheck"/>), for every encoding, method, graph shape (feed-forward, LSTM, GRU, Gemm, tied,
/// weights read by other ops) and storage (inline, external data).
/// </summary>
public sealed class OnnxOutputTests(ITestOutputHelper output)
{
    private const int Vocabulary = 300;
    private const int Width = 16;

    private const string Spec = """
        version: 1
        frequencies: { source: zipf }
        budget: { rate: 4x }
        groups: 5
        refinement: { iterations: 1 }

        """;

    public static TheoryData<string> Encodings => new()
    {
        "quantizer: float\n",
        "quantizer: { name: float, options: { dtype: f16 } }\n",
        "quantizer: { name: float, options: { dtype: bf16 } }\n",
        "quantizer: int8\n",
        "quantizer: { name: int8, options: { block: 6, scale: f32 } }\n",
        "quantizer: { name: int8, options: { block: 6 } }\n",
        "quantizer: int4\n",
        "quantizer: { name: codebook, options: { bits: 3 } }\n",
        "method: svd\n",
        "method: prune\n",
        "method: quantize\nquantizer: int8\n",
        "quantizer: auto\n",
        "quantizer: { name: auto, options: { encodings: [f32, bf16, { name: int8, options: { block: 6 } }, int4, { name: codebook, options: { bits: 3 } }] } }\n",
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_encoding_and_method_runs_in_ort_as_the_compressed_matrices(string settings)
    {
        using var folder = new TempFolder();
        Lm(untied: true).Write(folder.File("model.onnx"));

        (double worst, ModelProto compressed, _) = OnnxOutputCheck.Run(folder, Spec + settings, Feeds());

        output.WriteLine($"{settings.Trim()}: max relative difference {worst:E2}");
        Assert.True(worst < 1e-5, $"{settings.Trim()}: the ONNX output differs from the decoded artifact by {worst:E2}");
        Assert.All(compressed.Graph.Node, n => Assert.Equal(string.Empty, n.Domain));
        Assert.DoesNotContain(compressed.Graph.Initializer, t => t.Name is "embed.weight" or "lm_head.weight");
    }

    [Fact]
    public void Int8_with_one_scale_per_row_goes_through_dequantize_linear_and_int4_is_stored_one_value_per_byte_as_int8()
    {
        using var folder = new TempFolder();
        Lm(untied: true).Write(folder.File("model.onnx"));

        ModelProto int8 = OnnxOutputCheck.Run(folder, Spec + "quantizer: int8\n", Feeds()).Compressed;
        ModelProto int4 = OnnxOutputCheck.Run(folder, Spec + "quantizer: int4\n", Feeds()).Compressed;

        Assert.Contains(int8.Graph.Node, n => n.OpType == "DequantizeLinear");
        Assert.Contains(int8.Graph.Initializer, t => t.DataType == (int)DataType.Int8);
        var int4Values = int4.Graph.Initializer.Where(t => t.DataType == (int)DataType.Int8).ToList();
        Assert.NotEmpty(int4Values);
        Assert.All(int4Values, t => Assert.Equal(t.Dims[0] * t.Dims[1], t.RawData.Length));
        Assert.All(int4Values, t => Assert.All(t.RawData.ToByteArray(), b => Assert.InRange((sbyte)b, -7, 7)));
    }

    [Theory]
    [InlineData("quantizer: int4\n", 4)]
    [InlineData("quantizer: { name: int4, options: { block: 6 } }\n", 4)]
    [InlineData("quantizer: { name: int8, options: { block: 6 } }\n", 8)]
    [InlineData("quantizer: int8\n", 8)]
    public void From_opset_21_int4_is_packed_two_per_byte_through_dequantize_linear_and_int8_is_exact(string settings, int bits)
    {
        using var folder = new TempFolder();
        OnnxBytes model = Lm(untied: true);
        model.Model.OpsetImport[0].Version = 21;
        model.Model.IrVersion = 10;
        model.Write(folder.File("model.onnx"));

        (double worst, ModelProto compressed, _) = OnnxOutputCheck.Run(folder, Spec + settings, Feeds());

        output.WriteLine($"opset 21, {settings.Trim()}: max relative difference {worst:E2}");
        Assert.True(worst < 1e-5, $"{settings.Trim()}: the ONNX output differs from the decoded artifact by {worst:E2}");
        Assert.Equal(21, compressed.OpsetImport[0].Version);
        Assert.Contains(compressed.Graph.Initializer, t => t.DataType == (int)(bits == 4 ? DataType.Int4 : DataType.Int8));
        Assert.Equal(bits == 4 && settings.Contains("block", StringComparison.Ordinal), compressed.Graph.Node.Any(n => n.OpType == "DequantizeLinear" && n.Attribute.Any(a => a.Name == "block_size")));
        Assert.Equal(bits == 4, compressed.Graph.Node.Any(n => n.OpType == "DequantizeLinear"));
        Assert.All(compressed.Graph.Initializer.Where(t => t.DataType == (int)DataType.Int4), t => Assert.Equal((t.Dims[0] * t.Dims[1] + 1) / 2, t.RawData.Length));
    }

    [Theory]
    [InlineData("gemm")]
    [InlineData("f16")]
    [InlineData("tied")]
    [InlineData("read-elsewhere")]
    [InlineData("d-by-v")]
    [InlineData("d-by-v-gemm")]
    public void Graph_shapes_run_in_ort_as_the_compressed_matrices(string shape)
    {
        using var folder = new TempFolder();
        OnnxBytes model = shape switch
        {
            "gemm" => Lm(untied: true, gemm: true),
            "f16" => Lm(untied: true, half: true),
            "tied" => Lm(untied: false),
            "d-by-v" => Lm(untied: true, columns: true),
            "d-by-v-gemm" => Lm(untied: true, columns: true, gemm: true),
            _ => Lm(untied: true).Node("ReduceSumSquare", ["lm_head.weight"], ["norm"], ("keepdims", 0)).Output("norm", DataType.Float),
        };
        model.Write(folder.File("model.onnx"));

        (double worst, ModelProto compressed, var report) = OnnxOutputCheck.Run(folder, Spec + "quantizer: int8\n", Feeds());

        output.WriteLine($"{shape}: max relative difference {worst:E2}; nodes {string.Join(' ', compressed.Graph.Node.Select(n => n.OpType).Distinct())}");

        // A float16 graph's own MatMul accumulates in float16 (relative precision 2^-11 per step); the compressed one
        // computes in float32 and rounds the result once, so the two agree to float16's precision, not float32's.
        double tolerance = shape == "f16" ? 2e-3 : 1e-5;
        Assert.True(worst < tolerance, $"{shape}: the ONNX output differs from the decoded artifact by {worst:E2}");
        switch (shape)
        {
            case "tied":
                // One matrix, compressed once: one set of factors serves the lookup and the logits.
                Assert.Single(report.Result.Matrices);
                Assert.Single(compressed.Graph.Initializer, t => t.Name == "embed.weight.gr.order");
                Assert.Single(compressed.Graph.Node, n => n.OpType == "Gather" && n.Input[0] == "embed.weight.gr.order");
                Assert.Single(compressed.Graph.Node, n => n.OpType == "Expand" && n.Input[0] == "embed.weight.gr.order");
                Assert.DoesNotContain(compressed.Graph.Initializer, t => t.Name.StartsWith("lm_head.weight", StringComparison.Ordinal));
                break;
            case "read-elsewhere":
                // The other reader gets the matrix rebuilt under its own name; the lookup and logits stay low-rank.
                Assert.Single(compressed.Graph.Node, n => n.Output.Contains("lm_head.weight"));
                Assert.Contains(compressed.Graph.Node, n => n.OpType == "Slice");
                break;
            default:
                Assert.DoesNotContain(compressed.Graph.Node, n => n.Output.Contains("lm_head.weight") || n.Output.Contains("embed.weight"));
                break;
        }
    }

    [Theory]
    [InlineData("LSTM", 4)]
    [InlineData("GRU", 3)]
    public void Recurrent_graphs_between_the_embedding_and_the_softmax_run_in_ort_as_the_compressed_matrices(string cell, int gates)
    {
        const int Hidden = 12;
        using var folder = new TempFolder();
        SyntheticModel synthetic = SyntheticModel.Create(rows: Vocabulary, columns: Width);
        var random = new Random(5);
        float[] Weights(int count) => [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * 0.4))];
        SyntheticModel softmax = SyntheticModel.Create(rows: Vocabulary, columns: Hidden, seed: 9);
        new OnnxBytes()
            .Float("embed.weight", [Vocabulary, Width], synthetic.Embedding)
            .Float("rnn.W", [1, gates * Hidden, Width], Weights(gates * Hidden * Width))
            .Float("rnn.R", [1, gates * Hidden, Hidden], Weights(gates * Hidden * Hidden))
            .Float("rnn.B", [1, 2 * gates * Hidden], Weights(2 * gates * Hidden))
            .Float("lm_head.weight", [Vocabulary, Hidden], softmax.Softmax)
            .Float("lm_head.bias", [Vocabulary], softmax.Bias)
            .Raw("squeeze.axes", DataType.Int64, [1], BitConverter.GetBytes(1L))
            .Input("ids", DataType.Int64)
            .Node("Gather", ["embed.weight", "ids"], ["x"])
            .Node(cell, ["x", "rnn.W", "rnn.R", "rnn.B"], ["y"], ("hidden_size", Hidden))
            .Node("Squeeze", ["y", "squeeze.axes"], ["h"])
            .Node("Transpose", ["lm_head.weight"], ["wt"])
            .Node("MatMul", ["h", "wt"], ["z"])
            .Node("Add", ["z", "lm_head.bias"], ["logits"])
            .Output("logits", DataType.Float)
            .Write(folder.File("model.onnx"));

        // ONNX recurrent ops read [sequence, batch, features].
        (double worst, ModelProto compressed, var report) = OnnxOutputCheck.Run(folder, Spec + "quantizer: float\n", new Dictionary<string, OrtValue> { ["ids"] = OnnxOutputCheck.Ids(Vocabulary, 7, 3) });

        output.WriteLine($"{cell}: max relative difference {worst:E2}");
        Assert.Equal(["embed.weight", "lm_head.weight"], report.Result.Matrices.Select(m => m.Tensor).Order());
        Assert.True(worst < 1e-5, $"{cell}: the ONNX output differs from the decoded artifact by {worst:E2}");
        Assert.Single(compressed.Graph.Node, n => n.OpType == cell);
    }

    [Fact]
    public void A_model_with_external_data_gives_an_output_with_its_own_data_file()
    {
        using var folder = new TempFolder();
        SyntheticModel synthetic = SyntheticModel.Create(rows: Vocabulary, columns: Width);
        new OnnxBytes()
            .External("embed.weight", [Vocabulary, Width], synthetic.Embedding)
            .External("lm_head.weight", [Vocabulary, Width], synthetic.Softmax)
            .Float("lm_head.bias", [Vocabulary], synthetic.Bias)
            .Input("ids", DataType.Int64)
            .Node("Gather", ["embed.weight", "ids"], ["e"])
            .Node("Tanh", ["e"], ["h"])
            .Node("Transpose", ["lm_head.weight"], ["wt"])
            .Node("MatMul", ["h", "wt"], ["z"])
            .Node("Add", ["z", "lm_head.bias"], ["logits"])
            .Output("logits", DataType.Float)
            .Output("e", DataType.Float)
            .Write(folder.File("model.onnx"));

        (double worst, ModelProto compressed, _) = OnnxOutputCheck.Run(folder, Spec + "quantizer: float\n", Feeds());

        Assert.True(worst < 1e-5, $"the ONNX output differs from the decoded artifact by {worst:E2}");
        Assert.True(File.Exists(folder.File("out.gr.onnx.data")));
        TensorProto factor = compressed.Graph.Initializer.First(t => t.Name.StartsWith("lm_head.weight.gr.g", StringComparison.Ordinal) && t.Dims.Aggregate(1L, (a, b) => a * b) * 4 >= 1024);
        Assert.Equal(TensorProto.Types.DataLocation.External, factor.DataLocation);
        Assert.Equal("out.gr.onnx.data", factor.ExternalData.Single(e => e.Key == "location").Value);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task A_graph_that_loops_a_weight_back_through_casts_is_written_without_hanging()
    {
        using var folder = new TempFolder();
        OnnxBytes model = Lm(untied: true)
            .Node("Cast", ["lm_head.weight"], ["w1"], ("to", (long)DataType.Float))
            .Node("Identity", ["w1"], ["w2"])
            .Node("Cast", ["w2"], ["w1"], ("to", (long)DataType.Float));
        model.Write(folder.File("model.onnx"));

        Task run = Task.Run(() => Runs.Compress(folder, Spec + "quantizer: float\n", model: "model.onnx", output: "out.gr.onnx"));

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))));
        await run;
        Assert.True(File.Exists(folder.File("out.gr.onnx")));
    }

    [Fact]
    public void Export_and_eval_given_an_onnx_output_say_to_compress_to_the_safetensors_artifact()
    {
        using var folder = new TempFolder();
        Lm(untied: true).Write(folder.File("model.onnx"));
        Runs.Compress(folder, Spec + "quantizer: float\n", model: "model.onnx", output: "out.gr.onnx");

        var export = Assert.Throws<GroupReduceException>(() => Core.Export.ArtifactExporter.Export(folder.File("out.gr.onnx"), folder.File("dense.safetensors"), null));
        var eval = Assert.Throws<GroupReduceException>(() => Core.Evaluation.Evaluator.Run(
            new Core.Evaluation.EvaluationRequest { ModelPath = folder.File("model.onnx"), ArtifactPath = folder.File("out.gr.onnx") },
            Core.Execution.NullRunObserver.Instance,
            CancellationToken.None));

        foreach (GroupReduceException error in new[] { export, eval })
        {
            Assert.Equal("GR2041", error.Code);
            Assert.Contains("-o NAME.gr.safetensors", error.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(folder.File("dense.safetensors")));
    }

    [Fact]
    public void An_onnx_output_of_a_model_that_is_not_onnx_is_GR2066_and_writes_nothing()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 120, columns: 8).Write(folder);

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, Runs.BasicSpec, output: "out.gr.onnx"));

        Assert.Equal(ModelErrorCodes.OnnxOutputNeedsOnnxInput, error.Code);
        Assert.Contains("out.gr.safetensors", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.gr.onnx")));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void A_model_of_an_opset_before_10_is_GR2067_naming_the_opset_and_the_fix()
    {
        using var folder = new TempFolder();
        OnnxBytes model = Lm(untied: true);
        model.Model.OpsetImport[0].Version = 9;
        model.Write(folder.File("model.onnx"));

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, Spec + "quantizer: float\n", model: "model.onnx", output: "out.gr.onnx"));

        Assert.Equal(ModelErrorCodes.OnnxOpsetTooOld, error.Code);
        Assert.Contains("opset 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("opset_version", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("out.gr.onnx")));
    }

    [Fact]
    public void The_writer_is_deterministic_across_thread_counts_and_leaves_the_device_to_the_report()
    {
        using var folder = new TempFolder();
        Lm(untied: true).Write(folder.File("model.onnx"));
        CompressionReport one = Runs.Compress(folder, Spec + "quantizer: int8\n", model: "model.onnx", output: "a.gr.onnx", maxDegreeOfParallelism: 1);
        CompressionReport two = Runs.Compress(folder, Spec + "quantizer: int8\n", model: "model.onnx", output: "b.gr.onnx", maxDegreeOfParallelism: 2);

        Assert.Equal(File.ReadAllBytes(folder.File("a.gr.onnx")), File.ReadAllBytes(folder.File("b.gr.onnx")));
        string[] devices = [.. new[] { one, two }.Select(r => r.Plugins.Single(p => p.Kind == "solver").Device!)];
        Assert.NotEqual(devices[0], devices[1]);
        Assert.DoesNotContain(devices[0], System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(folder.File("a.gr.onnx"))), StringComparison.Ordinal);
        Assert.Same(OnnxArtifactWriter.Instance, Core.Artifacts.ArtifactWriters.For(ModelFormat.Onnx, "a.gr.onnx"));
    }

    private static Dictionary<string, OrtValue> Feeds() => new() { ["ids"] = OnnxOutputCheck.Ids(Vocabulary, 4, Vocabulary / 4) };

    // ids [batch, length] -> Gather (embedding, an output too) -> Tanh -> logits through MatMul of the Transpose (or Gemm with transB).
    private static OnnxBytes Lm(bool untied, bool gemm = false, bool half = false, bool columns = false)
    {
        SyntheticModel synthetic = SyntheticModel.Create(rows: Vocabulary, columns: Width);
        string head = untied ? "lm_head.weight" : "embed.weight";
        var model = new OnnxBytes();
        if (half)
        {
            model.Half("embed.weight", [Vocabulary, Width], synthetic.Embedding).Half("lm_head.weight", [Vocabulary, Width], synthetic.Softmax);
        }
        else
        {
            model.Float("embed.weight", [Vocabulary, Width], synthetic.Embedding);
            if (untied)
            {
                // [d, V]: a weight the graph multiplies directly (MatMul(h, W), Gemm without transB).
                model.Float("lm_head.weight", columns ? [Width, Vocabulary] : [Vocabulary, Width], synthetic.Softmax);
            }
        }

        model.Float("lm_head.bias", [Vocabulary], synthetic.Bias).Input("ids", DataType.Int64).Node("Gather", ["embed.weight", "ids"], [half ? "e16" : "e"]);
        if (half)
        {
            // A float16 model computes in float16; its output is widened for the test's comparison.
            model.Half("lm_head.bias16", [Vocabulary], synthetic.Bias).Node("Tanh", ["e16"], ["h16"])
                .Node("Transpose", ["lm_head.weight"], ["wt"]).Node("MatMul", ["h16", "wt"], ["z16"]).Node("Add", ["z16", "lm_head.bias16"], ["l16"])
                .Node("Cast", ["l16"], ["logits"], ("to", (long)DataType.Float)).Node("Cast", ["e16"], ["e"], ("to", (long)DataType.Float));
        }
        else if (gemm)
        {
            model.Raw("flat", DataType.Int64, [2], MemoryMarshal.AsBytes(new long[] { -1, Width }.AsSpan()).ToArray())
                .Node("Tanh", ["e"], ["h"]).Node("Reshape", ["h", "flat"], ["h2"]).Node("Gemm", ["h2", head, "lm_head.bias"], ["logits"], ("transB", columns ? 0 : 1));
            model.Model.Graph.Node[^1].Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 0.5f });
            model.Model.Graph.Node[^1].Attribute.Add(new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 2f });
        }
        else if (columns)
        {
            model.Node("Tanh", ["e"], ["h"]).Node("MatMul", ["h", head], ["z"]).Node("Add", ["z", "lm_head.bias"], ["logits"]);
        }
        else
        {
            model.Node("Tanh", ["e"], ["h"]).Node("Transpose", [head], ["wt"]).Node("MatMul", ["h", "wt"], ["z"]).Node("Add", ["z", "lm_head.bias"], ["logits"]);
        }

        return model.Output("logits", DataType.Float).Output("e", DataType.Float);
    }
}
