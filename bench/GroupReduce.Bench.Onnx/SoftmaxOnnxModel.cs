using Google.Protobuf;
using GroupReduce.Core.Models;
using Onnx;

namespace GroupReduce.Bench.Onnx;

/// <summary>
/// The dense model the benchmark compresses: <c>logits = hidden · Transpose(softmax.weight) + softmax.bias</c>, the
/// <c>Transpose</c> + <c>MatMul</c> + <c>Add</c> that <c>torch.onnx.export</c> writes for <c>nn.Linear</c>, opset 17,
/// every initializer inline (the file stays under protobuf's 2 GB).
/// </summary>
internal static class SoftmaxOnnxModel
{
    /// <summary>The graph input: float32 <c>[batch, columns]</c>.</summary>
    public const string InputName = "hidden";

    /// <summary>The graph output: float32 <c>[batch, rows]</c>.</summary>
    public const string OutputName = "logits";

    /// <summary>The weight initializer, <c>[rows, columns]</c>; the spec names it.</summary>
    public const string WeightName = "softmax.weight";

    private const string BiasName = "softmax.bias";
    private const long Opset = 17;

    /// <summary>Writes the model at <paramref name="path"/> from a safetensors file holding the weight and the bias.</summary>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="weights">A safetensors file with <c>softmax.weight</c> F32 <c>[rows, columns]</c> and <c>softmax.bias</c>.</param>
    public static void Write(string path, string weights)
    {
        using ModelFile file = ModelFileReader.Open(weights);
        ModelTensor weight = file.FindTensor(WeightName) ?? throw new InvalidDataException($"'{weights}' has no '{WeightName}'. Delete it so the benchmark makes it again.");
        long rows = weight.Shape[0];
        long columns = weight.Shape[1];

        var graph = new GraphProto { Name = "softmax" };
        graph.Initializer.Add(Initializer(file, WeightName));
        graph.Initializer.Add(Initializer(file, BiasName));
        graph.Input.Add(Value(InputName, Dim("batch"), Dim(columns)));
        graph.Output.Add(Value(OutputName, Dim("batch"), Dim(rows)));
        graph.Node.Add(Node("Transpose", "/softmax/Transpose", [WeightName], "/softmax/Transpose_output_0",
            new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 0 } }));
        graph.Node.Add(Node("MatMul", "/softmax/MatMul", [InputName, "/softmax/Transpose_output_0"], "/softmax/MatMul_output_0"));
        graph.Node.Add(Node("Add", "/softmax/Add", ["/softmax/MatMul_output_0", BiasName], OutputName));

        var model = new ModelProto { IrVersion = 8, ProducerName = "GroupReduce.Bench.Onnx", ProducerVersion = "1", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });

        // Written beside the final name first: an interrupted run must not leave a truncated model that later runs reuse.
        string partial = path + ".partial";
        using (FileStream stream = File.Create(partial))
        {
            model.WriteTo(stream);
        }

        File.Move(partial, path, overwrite: true);
    }

    private static TensorProto Initializer(ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name) ?? throw new InvalidDataException($"'{file.Path}' has no '{name}'. Delete it so the benchmark makes it again.");
        var bytes = new MemoryStream(checked((int)tensor.ByteLength));
        tensor.CopyRawTo(bytes, CancellationToken.None);

        // Wrapped, not copied: the weight is 200 MB and the message is written once.
        var initializer = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = UnsafeByteOperations.UnsafeWrap(bytes.GetBuffer().AsMemory(0, (int)bytes.Length)),
        };
        initializer.Dims.AddRange(tensor.Shape);
        return initializer;
    }

    private static ValueInfoProto Value(string name, params TensorShapeProto.Types.Dimension[] dimensions)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dimensions);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorShapeProto.Types.Dimension Dim(string parameter) => new() { DimParam = parameter };

    private static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    private static NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }
}
