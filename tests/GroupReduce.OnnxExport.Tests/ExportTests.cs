using GroupReduce.Core.Models;
using GroupReduce.Testing;
using Onnx;

namespace GroupReduce.OnnxExport.Tests;

public sealed class ExportTests
{
    [Fact]
    public void Rerunning_the_exporter_reproduces_the_committed_lm_onnx_byte_for_byte()
    {
        using var folder = new TempFolder();
        string output = folder.File("lm.onnx");
        NplmOnnxExporter.Export(BrownOnnx.ModelPath, output);

        // The committed file cannot drift from the exporter or from lm.safetensors: regenerate it with the README's command.
        Assert.True(File.ReadAllBytes(BrownOnnx.OnnxPath).AsSpan().SequenceEqual(File.ReadAllBytes(output)), "samples/brown-lm/lm.onnx differs from a fresh export; run: dotnet run --project tools/GroupReduce.OnnxExport");
        Assert.False(File.Exists(output + ".tmp"));
    }

    [Fact]
    public void The_graph_is_standard_operators_laid_out_as_torch_exports_the_same_network()
    {
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(BrownOnnx.OnnxPath));
        OperatorSetIdProto opset = Assert.Single(model.OpsetImport);
        Assert.Equal(string.Empty, opset.Domain);
        Assert.Equal(NplmOnnxExporter.Opset, opset.Version);
        GraphProto graph = model.Graph;
        Assert.All(graph.Node, n => Assert.Equal(string.Empty, n.Domain));
        Assert.Equal(
            ["Gather", "Cast", "Flatten", "Cast", "Transpose", "MatMul", "Cast", "Add", "Tanh", "Cast", "Transpose", "MatMul", "Cast", "Add"],
            graph.Node.Select(n => n.OpType));

        // The embedding initializer is the data input of the Gather over the ids, on axis 0.
        NodeProto gather = graph.Node[0];
        Assert.Equal(["embedding.weight", NplmOnnxExporter.InputName], gather.Input);
        Assert.Equal(0, Assert.Single(gather.Attribute, a => a.Name == "axis").I);

        // The softmax weight [V, H] reaches MatMul through Transpose (after the Cast that widens it), the bias Add gives the logits.
        NodeProto transpose = Producer(graph, Producer(graph, graph.Node.Single(n => n.OpType == "Add" && n.Output[0] == NplmOnnxExporter.OutputName).Input[0]).Input[1]);
        Assert.Equal("Transpose", transpose.OpType);
        Assert.Equal([1L, 0L], Assert.Single(transpose.Attribute).Ints);
        Assert.Equal(["softmax.weight"], Producer(graph, transpose.Input[0]).Input);

        ValueInfoProto input = Assert.Single(graph.Input);
        Assert.Equal((int)TensorProto.Types.DataType.Int64, input.Type.TensorType.ElemType);
        Assert.Equal(3, input.Type.TensorType.Shape.Dim[1].DimValue);
        ValueInfoProto output = Assert.Single(graph.Output);
        Assert.Equal(NplmOnnxExporter.OutputName, output.Name);
        Assert.Equal(10706, output.Type.TensorType.Shape.Dim[1].DimValue);

        // Every weight is the stored F16 tensor, byte for byte; the lm metadata is carried over unchanged.
        using ModelFile file = ModelFileReader.Open(BrownOnnx.ModelPath);
        Assert.Equal(5, graph.Initializer.Count);
        foreach (TensorProto initializer in graph.Initializer)
        {
            ModelTensor tensor = file.FindTensor(initializer.Name)!;
            Assert.Equal((int)TensorProto.Types.DataType.Float16, initializer.DataType);
            Assert.Equal(tensor.Shape, initializer.Dims);
            using var stored = new MemoryStream();
            tensor.CopyRawTo(stored, CancellationToken.None);
            Assert.True(stored.ToArray().AsSpan().SequenceEqual(initializer.RawData.Span), initializer.Name);
        }

        var metadata = model.MetadataProps.ToDictionary(e => e.Key, e => e.Value);
        Assert.All(file.Metadata, e => Assert.Equal(e.Value, metadata[e.Key]));
        Assert.Equal(file.Vocabulary, metadata[NplmOnnxExporter.VocabularyKey].Split('\n')[..^1]);

        // F16 kept as stored: the export is no larger than the safetensors file it came from.
        Assert.True(new FileInfo(BrownOnnx.OnnxPath).Length <= new FileInfo(BrownOnnx.ModelPath).Length);
    }

    private static NodeProto Producer(GraphProto graph, string value) => graph.Node.Single(n => n.Output.Contains(value));
}
