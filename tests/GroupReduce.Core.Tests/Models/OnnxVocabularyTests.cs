using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using Onnx;

namespace GroupReduce.Core.Tests.Models;

/// <summary>The embedding and the logits weight are found from the graph, in each layout exporters write.</summary>
public sealed class OnnxVocabularyTests : IDisposable
{
    private const int V = 6;
    private const int D = 2;

    private static readonly float[] Weights = [.. Enumerable.Range(0, V * D).Select(i => (float)i)];

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Finds_the_embedding_and_a_transposed_linear_as_torch_exports_them()
    {
        // torch.onnx.export: Gather(embedding.weight, ids), then nn.Linear as Transpose + MatMul + Add.
        var model = new OnnxBytes()
            .Float("embedding.weight", [V, D], Weights)
            .Float("decoder.weight", [V, D], Weights)
            .Float("decoder.bias", [V], new float[V])
            .Input("ids").Output("logits")
            .Node("Cast", ["ids"], ["ids64"], ("to", 7))
            .Node("Gather", ["embedding.weight", "ids64"], ["embedded"])
            .Node("Tanh", ["embedded"], ["hidden"])
            .Node("Transpose", ["decoder.weight"], ["decoder.weight.T"])
            .Node("MatMul", ["hidden", "decoder.weight.T"], ["product"])
            .Node("Add", ["product", "decoder.bias"], ["logits"]);

        IReadOnlyList<VocabularyMatrix> found = Open(model);

        Assert.Equal(
            [new VocabularyMatrix("embedding.weight", true, false, false), new VocabularyMatrix("decoder.weight", false, true, false)],
            found);
    }

    [Fact]
    public void A_gemm_with_transB_over_the_embedding_is_tied()
    {
        var model = new OnnxBytes()
            .Float("tied.weight", [V, D], Weights)
            .Input("ids").Output("probabilities")
            .Node("Gather", ["tied.weight", "ids"], ["hidden"])
            .Node("Gemm", ["hidden", "tied.weight"], ["logits"], ("transB", 1))
            .Node("Softmax", ["logits"], ["probabilities"]);

        VocabularyMatrix found = Assert.Single(Open(model));

        Assert.Equal("tied.weight", found.Tensor);
        Assert.True(found.IsTied);
        Assert.False(found.VocabularyInColumns);
    }

    [Theory]
    [InlineData("MatMul", 0)]
    [InlineData("Gemm", 0)]
    public void A_weight_stored_d_by_V_is_reported_with_the_vocabulary_in_columns(string op, long transB)
    {
        var model = new OnnxBytes()
            .Float("out.weight", [D, V], Weights)
            .Input("hidden").Output("logits")
            .Node(op, ["hidden", "out.weight"], ["logits"], ("transB", transB));

        VocabularyMatrix found = Assert.Single(Open(model));

        Assert.Equal(new VocabularyMatrix("out.weight", false, true, true), found);
    }

    [Fact]
    public void Weights_that_do_not_reach_an_output_and_gathers_over_computed_indices_are_not_vocabulary_matrices()
    {
        var model = new OnnxBytes()
            .Float("table", [V, D], Weights)
            .Float("inner.weight", [D, D], Weights[..(D * D)])
            .Raw("positions", TensorProto.Types.DataType.Int64, [1], new byte[8])
            .Input("x").Output("y")
            .Node("Gather", ["table", "positions"], ["row"])
            .Node("MatMul", ["x", "inner.weight"], ["h"])
            .Node("Relu", ["h"], ["y"]);

        Assert.Empty(Open(model));
    }

    [Fact]
    public void Weights_widened_by_a_cast_or_named_through_an_identity_are_still_found()
    {
        // Exporters that keep F16 weights widen them where they are read: initializer -> Cast -> Transpose -> MatMul.
        var model = new OnnxBytes()
            .Float("embedding.weight", [V, D], Weights)
            .Float("softmax.weight", [V, D], Weights)
            .Input("ids").Output("logits")
            .Node("Identity", ["embedding.weight"], ["table"])
            .Node("Gather", ["table", "ids"], ["embedded"])
            .Node("Cast", ["softmax.weight"], ["softmax.weight.f32"], ("to", 1))
            .Node("Transpose", ["softmax.weight.f32"], ["softmax.weight.T"])
            .Node("MatMul", ["embedded", "softmax.weight.T"], ["logits"]);

        IReadOnlyList<VocabularyMatrix> found = Open(model);

        Assert.Equal(
            [new VocabularyMatrix("embedding.weight", true, false, false), new VocabularyMatrix("softmax.weight", false, true, false)],
            found);
    }

    [Fact]
    public void The_committed_brown_model_export_lists_its_embedding_and_its_softmax()
    {
        using ModelFile file = ModelFileReader.Open(Path.Combine(AppContext.BaseDirectory, "brown-lm", "lm.onnx"));

        Assert.Equal(ModelFormat.Onnx, file.Format);
        Assert.Equal(
            [new VocabularyMatrix("embedding.weight", true, false, false), new VocabularyMatrix("softmax.weight", false, true, false)],
            file.VocabularyMatrices);
    }

    [Fact]
    public void Formats_without_a_graph_list_no_vocabulary_matrices()
    {
        string path = _dir.Write("lm.safetensors", SafetensorsBytes.SingleF32(2, 2, i => i));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Empty(file.VocabularyMatrices);
    }

    private IReadOnlyList<VocabularyMatrix> Open(OnnxBytes model)
    {
        using ModelFile file = ModelFileReader.Open(model.Write(Path.Combine(_dir.Path, "model.onnx")));
        return file.VocabularyMatrices;
    }
}
