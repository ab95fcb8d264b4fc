using System.Globalization;
using Google.Protobuf;
using GroupReduce.Core.Evaluation;
using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Readers;
using Onnx;

namespace GroupReduce.OnnxExport;

/// <summary>
/// Builds the ONNX graph of an <c>nplm</c> model (docs/language-model.md) from its safetensors file, with standard
/// operators only (default domain, opset 17), laid out the way <c>torch.onnx.export</c> writes the same network:
/// <c>Gather</c> for the embedding, <c>Transpose</c> + <c>MatMul</c> + <c>Add</c> for each <c>nn.Linear</c>.
/// </summary>
public static class NplmOnnxExporter
{
    /// <summary>The graph input: the previous words' ids, int64 <c>[batch, n]</c>, most recent word first.</summary>
    public const string InputName = "ids";

    /// <summary>The graph output: float <c>[batch, V]</c> logits of the next word, before the softmax.</summary>
    public const string OutputName = "logits";

    /// <summary>The metadata key holding the vocabulary: the tokens in row order, each followed by a line feed.</summary>
    public const string VocabularyKey = OnnxVocabulary.MetadataKey;

    /// <summary>The opset the graph is written for.</summary>
    public const long Opset = 17;

    // IR version 8 is the one that goes with opset 17 (onnx's VERSION_TABLE); every runtime that runs opset 17 reads it.
    private const long IrVersion = 8;

    /// <summary>Reads an nplm safetensors file and writes its ONNX model.</summary>
    /// <param name="modelPath">The model, e.g. samples/brown-lm/lm.safetensors.</param>
    /// <param name="onnxPath">Where to write the ONNX model.</param>
    public static void Export(string modelPath, string onnxPath)
    {
        using ModelFile file = ModelFileReader.Open(modelPath);
        ModelProto model = Build(file);
        string temporary = onnxPath + ".tmp";
        using (FileStream stream = File.Create(temporary))
        {
            model.WriteTo(stream);
        }

        File.Move(temporary, onnxPath, overwrite: true);
    }

    /// <summary>Builds the ONNX model of an nplm model file.</summary>
    /// <param name="file">The model; validated as the nplm family first, so a wrong file fails with eval's GR codes.</param>
    /// <returns>The model.</returns>
    public static ModelProto Build(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);

        // The repository's own reading validates the family, the shapes and the tokens, so the export accepts exactly
        // the files groupreduce eval runs.
        NplmModel nplm = NplmModel.Load(file);
        int context = nplm.Context;
        int vocabulary = nplm.Vocabulary.Count;

        var graph = new GraphProto
        {
            Name = "nplm",
            DocString = "nplm v1 (docs/language-model.md): logits = S tanh(W [E[w-1]; ... ; E[w-n]] + b) + c. "
                + "Weights are kept in their stored dtype and widened to float by Cast where they are read, exactly as groupreduce eval widens them.",
        };

        graph.Input.Add(Tensor(InputName, TensorProto.Types.DataType.Int64, Dim("batch"), Dim(context)));
        graph.Output.Add(Tensor(OutputName, TensorProto.Types.DataType.Float, Dim("batch"), Dim(vocabulary)));

        // x = [E[w_{t-1}]; ...; E[w_{t-n}]]: gather the rows straight from the stored initializer (so a reader finds the
        // embedding as the data input of a Gather over ids), widen, and flatten [batch, n, d] to [batch, n·d] row-major.
        string embedding = Initializer(graph, file, NplmModel.EmbeddingTensor);
        graph.Node.Add(Node("Gather", "/embedding/Gather", [embedding, InputName], ["/embedding/Gather_output_0"], Int("axis", 0)));
        string embedded = Widen(graph, file, NplmModel.EmbeddingTensor, "/embedding/Gather_output_0", "/embedding/Cast");
        graph.Node.Add(Node("Flatten", "/Flatten", [embedded], ["/Flatten_output_0"], Int("axis", 1)));

        // h = tanh(W x + b), W = hidden.weight [H, n·d] as nn.Linear stores it.
        string hidden = Linear(graph, file, "hidden", "/Flatten_output_0", "/hidden/Add_output_0");
        graph.Node.Add(Node("Tanh", "/Tanh", [hidden], ["/Tanh_output_0"]));

        // z = S h + c, S = softmax.weight [V, H]: Transpose feeding MatMul, then the bias Add (what torch writes for nn.Linear).
        Linear(graph, file, "softmax", "/Tanh_output_0", OutputName);

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "GroupReduce.OnnxExport",
            ProducerVersion = "1",
            Domain = "groupreduce",
            ModelVersion = 1,
            DocString = $"{Path.GetFileName(file.Path)} exported by tools/GroupReduce.OnnxExport. Input '{InputName}': int64 [batch, {context}], the previous words' ids, most recent first "
                + $"(before a sentence's first word, '{file.Metadata["groupreduce.lm.eos"]}'). Output '{OutputName}': float [batch, {vocabulary}].",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });

        // The lm metadata as the safetensors file has it, in ordinal key order so the bytes do not depend on the reader's
        // dictionary order, then how to feed the graph and the tokens themselves.
        foreach (KeyValuePair<string, string> entry in file.Metadata.Where(e => e.Key.StartsWith("groupreduce.lm.", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = entry.Key, Value = entry.Value });
        }

        model.MetadataProps.Add(new StringStringEntryProto { Key = "groupreduce.onnx.input", Value = $"{InputName}: int64 [batch, {context}], ids of the previous {context} words, most recent first; positions before a sentence's start hold the eos token's id" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "groupreduce.onnx.output", Value = $"{OutputName}: float [batch, {vocabulary}], next-word logits before the softmax" });

        // Tokens never hold white space (token files split on it), so a line feed after each is unambiguous.
        model.MetadataProps.Add(new StringStringEntryProto { Key = VocabularyKey, Value = string.Concat(nplm.Vocabulary.Select(t => t + "\n")) });
        return model;
    }

    // One nn.Linear as torch exports it: y = x · Transpose(weight) + bias, each weight widened where it is read.
    private static string Linear(GraphProto graph, ModelFile file, string layer, string input, string output)
    {
        string weightName = layer + ".weight";
        string biasName = layer + ".bias";
        Initializer(graph, file, weightName);
        Initializer(graph, file, biasName);
        string weight = Widen(graph, file, weightName, weightName, $"/{layer}/Cast");
        graph.Node.Add(Node("Transpose", $"/{layer}/Transpose", [weight], [$"/{layer}/Transpose_output_0"], Ints("perm", 1, 0)));
        graph.Node.Add(Node("MatMul", $"/{layer}/MatMul", [input, $"/{layer}/Transpose_output_0"], [$"/{layer}/MatMul_output_0"]));
        string bias = Widen(graph, file, biasName, biasName, $"/{layer}/Cast_1");
        graph.Node.Add(Node("Add", $"/{layer}/Add", [$"/{layer}/MatMul_output_0", bias], [output]));
        return output;
    }

    // A Cast to float after a value read from a tensor stored narrower; F32 tensors are used as they are.
    private static string Widen(GraphProto graph, ModelFile file, string tensorName, string value, string nodeName)
    {
        ModelTensor tensor = file.FindTensor(tensorName)!;
        if (tensor.DType == TensorDType.F32)
        {
            return value;
        }

        string output = nodeName + "_output_0";
        graph.Node.Add(Node("Cast", nodeName, [value], [output], Int("to", (long)TensorProto.Types.DataType.Float)));
        return output;
    }

    // The tensor's stored bytes (little-endian, as safetensors and ONNX raw_data both are) under its own name.
    private static string Initializer(GraphProto graph, ModelFile file, string name)
    {
        ModelTensor tensor = file.FindTensor(name)!;
        TensorProto.Types.DataType type = tensor.DType switch
        {
            TensorDType.F32 => TensorProto.Types.DataType.Float,
            TensorDType.F16 => TensorProto.Types.DataType.Float16,
            TensorDType.BF16 => TensorProto.Types.DataType.Bfloat16,
            _ => throw new InvalidDataException($"'{file.Path}': tensor '{name}' is {tensor.DType}; the ONNX export takes F32, F16 or BF16 weights. Convert the model's weights to one of them."),
        };

        using var bytes = new MemoryStream(checked((int)tensor.ByteLength));
        tensor.CopyRawTo(bytes, CancellationToken.None);
        var initializer = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes.GetBuffer(), 0, (int)bytes.Length) };
        initializer.Dims.AddRange(tensor.Shape);
        graph.Initializer.Add(initializer);
        return name;
    }

    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, params TensorShapeProto.Types.Dimension[] dimensions)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dimensions);
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static TensorShapeProto.Types.Dimension Dim(string parameter) => new() { DimParam = parameter };

    private static TensorShapeProto.Types.Dimension Dim(long value) => new() { DimValue = value };

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
