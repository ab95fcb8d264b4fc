using GroupReduce.Abstractions;
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
    public void Without_matrices_a_graph_whose_logits_weight_is_stored_d_by_V_says_so()
    {
        using var folder = new TempFolder();
        WriteOnnx(folder, transposed: false, withEmbedding: false);

        var error = Assert.Throws<GroupReduceException>(() => Runs.Compress(folder, SpecWithoutMatrices, model: "lm.onnx"));

        Assert.Equal("GR2065", error.Code);
        Assert.Contains("no initializer read by a Gather over the input ids", error.Message, StringComparison.Ordinal);
        Assert.Contains("'decoder.weight' is stored [d, V]", error.Message, StringComparison.Ordinal);
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
