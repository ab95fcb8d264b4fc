using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Core.Reporting;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>
/// A spec may leave out <c>matrices</c> when the model's graph shows its vocabulary matrices (ONNX); a model that
/// cannot show them is GR2065, which says what was looked for and how to name the tensors instead.
/// </summary>
public sealed class MatricesFromTheGraphTests
{
    private static readonly string SpecWithoutMatrices = Runs.BasicSpec.Replace("matrices: [encoder.weight, decoder.weight]\n", string.Empty, StringComparison.Ordinal);

    [Fact]
    public void An_onnx_model_compresses_the_embedding_and_logits_weight_its_graph_shows()
    {
        using var folder = new TempFolder();
        SyntheticModel model = WriteOnnx(folder, transposed: true);

        CompressionReport report = Runs.Compress(folder, SpecWithoutMatrices, model: "lm.onnx");

        Assert.Equal(["encoder.weight", "decoder.weight"], report.Result.Matrices.Select(m => m.Tensor));
        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));
        Assert.Equal(model.Embedding.Length, decoded["encoder.weight"].Length);
        Assert.Equal(model.Softmax.Length, decoded["decoder.weight"].Length);
    }

    [Fact]
    public void Without_matrices_a_model_with_no_graph_is_refused_with_what_to_write()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 120, columns: 8).Write(folder);

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, SpecWithoutMatrices));

        Assert.Equal("GR2065", error.Code);
        Assert.Contains("has no graph", error.Message, StringComparison.Ordinal);
        Assert.Contains("matrices: [embedding.weight]", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Location!.Value.Line);
        Assert.EndsWith(".yaml", error.Location.Value.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_matrices_a_logits_weight_stored_d_by_V_is_compressed_as_its_transpose()
    {
        using var folder = new TempFolder();
        SyntheticModel model = WriteOnnx(folder, transposed: false, withEmbedding: false);

        CompressionReport report = Runs.Compress(folder, SpecWithoutMatrices, model: "lm.onnx");

        // One row per token: the [8, 120] weight is compressed as the 120 x 8 matrix it multiplies as.
        MatrixReport matrix = Assert.Single(report.Result.Matrices);
        Assert.Equal(("decoder.weight", 120L, 8), (matrix.Tensor, matrix.Rows, matrix.Columns));
        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));
        double error = 0, norm = 0;
        for (int i = 0; i < 120; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                // The stored tensor is [d, V]: element (j, i) is token i's weight j.
                double original = model.Softmax[(j * 120) + i];
                error += Math.Pow(decoded["decoder.weight"][(i * 8) + j] - original, 2);
                norm += original * original;
            }
        }

        Assert.True(error < 0.5 * norm, $"the decoded transpose is not the weight's: relative error {error / norm:F3}");
        using ModelFile artifact = ModelFileReader.Open(folder.File("out.gr.safetensors"));
        Assert.Contains("\"transposed\":true", artifact.Metadata["groupreduce.manifest"], StringComparison.Ordinal);

        // Exported, the weight is [d, V] again, holding the decoded values.
        Core.Export.ArtifactExporter.Export(folder.File("out.gr.safetensors"), folder.File("dense.safetensors"), null);
        using ModelFile dense = ModelFileReader.Open(folder.File("dense.safetensors"));
        ModelTensor exported = dense.FindTensor("decoder.weight")!;
        Assert.Equal([8L, 120L], exported.Shape);
        var values = new float[8 * 120];
        exported.AsMatrix().CopyRows(0, 8, values);
        for (int i = 0; i < 120; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                // The runtime's decoder (export) and the test's sum the rank terms in their own order: float rounding apart.
                Assert.Equal(decoded["decoder.weight"][(i * 8) + j], values[(j * 120) + i], 1e-5f);
            }
        }
    }

    // encoder.weight read by a Gather over the ids; decoder.weight the logits weight, [V, d] behind a Transpose or [d, V] directly.
    private static SyntheticModel WriteOnnx(TempFolder folder, bool transposed, bool withEmbedding = true)
    {
        SyntheticModel model = SyntheticModel.Create(rows: 120, columns: 8);
        model.Write(folder);
        var onnx = new OnnxBytes()
            .Float("encoder.weight", [model.Rows, model.Columns], model.Embedding)
            .Float("decoder.weight", transposed ? [model.Rows, model.Columns] : [model.Columns, model.Rows], model.Softmax)
            .Input(withEmbedding ? "ids" : "hidden").Output("logits");
        if (withEmbedding)
        {
            onnx.Node("Gather", ["encoder.weight", "ids"], ["hidden"]);
        }

        if (transposed)
        {
            onnx.Node("Transpose", ["decoder.weight"], ["decoder.weight.T"]).Node("MatMul", ["hidden", "decoder.weight.T"], ["logits"]);
        }
        else
        {
            onnx.Node("MatMul", ["hidden", "decoder.weight"], ["logits"]);
        }

        onnx.Write(folder.File("lm.onnx"));
        return model;
    }
}
