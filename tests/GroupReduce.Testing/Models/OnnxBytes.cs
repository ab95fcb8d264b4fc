using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace GroupReduce.Testing.Models;

/// <summary>
/// Builds small ONNX models with the OnnxSharp messages: initializers inline (<c>raw_data</c> or typed fields) or in an
/// external data file, and graph nodes, written with <c>WriteTo</c> as an exporter would.
/// </summary>
public sealed class OnnxBytes
{
    private readonly ModelProto _model = new()
    {
        IrVersion = 8,
        ProducerName = "groupreduce-tests",
        Graph = new GraphProto { Name = "g" },
        OpsetImport = { new OperatorSetIdProto { Domain = "", Version = 17 } },
    };

    private readonly MemoryStream _external = new();

    /// <summary>The message, for tests that edit it before writing.</summary>
    public ModelProto Model => _model;

    /// <summary>The bytes of the external data file (empty when no initializer is external).</summary>
    public byte[] ExternalBytes => _external.ToArray();

    /// <summary>A float32 initializer in <c>raw_data</c>.</summary>
    public OnnxBytes Float(string name, long[] dims, float[] values) =>
        Raw(name, TensorProto.Types.DataType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>A float32 initializer in <c>float_data</c>.</summary>
    public OnnxBytes FloatTyped(string name, long[] dims, float[] values)
    {
        var tensor = Tensor(name, TensorProto.Types.DataType.Float, dims);
        tensor.FloatData.AddRange(values);
        _model.Graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>A float16 initializer in <c>raw_data</c>.</summary>
    public OnnxBytes Half(string name, long[] dims, float[] values) =>
        Raw(name, TensorProto.Types.DataType.Float16, dims, MemoryMarshal.AsBytes(values.Select(v => (System.Half)v).ToArray().AsSpan()).ToArray());

    /// <summary>A float16 initializer in <c>int32_data</c> (one bit pattern per entry, as the ONNX spec stores it).</summary>
    public OnnxBytes HalfTyped(string name, long[] dims, float[] values)
    {
        var tensor = Tensor(name, TensorProto.Types.DataType.Float16, dims);
        tensor.Int32Data.AddRange(values.Select(v => (int)BitConverter.HalfToUInt16Bits((System.Half)v)));
        _model.Graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>A bfloat16 initializer in <c>raw_data</c> (values truncated to their top 16 bits).</summary>
    public OnnxBytes BFloat16(string name, long[] dims, float[] values) =>
        Raw(name, TensorProto.Types.DataType.Bfloat16, dims, values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(v) >> 16))).ToArray());

    /// <summary>An initializer of any type with the given <c>raw_data</c> bytes.</summary>
    public OnnxBytes Raw(string name, TensorProto.Types.DataType type, long[] dims, byte[] bytes)
    {
        var tensor = Tensor(name, type, dims);
        tensor.RawData = ByteString.CopyFrom(bytes);
        _model.Graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>A float32 initializer in the external data file <paramref name="location"/>, after what is there already.</summary>
    public OnnxBytes External(string name, long[] dims, float[] values, string location = "model.onnx.data", long? length = null)
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        var tensor = Tensor(name, TensorProto.Types.DataType.Float, dims);
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = _external.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = (length ?? bytes.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _external.Write(bytes);
        _model.Graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>A graph input (a tensor the caller feeds, e.g. token ids); ONNX Runtime needs its element type.</summary>
    public OnnxBytes Input(string name, TensorProto.Types.DataType? type = null)
    {
        _model.Graph.Input.Add(Value(name, type));
        return this;
    }

    /// <summary>A graph output; ONNX Runtime needs its element type.</summary>
    public OnnxBytes Output(string name, TensorProto.Types.DataType? type = null)
    {
        _model.Graph.Output.Add(Value(name, type));
        return this;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType? type) => type is { } elements
        ? new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elements } } }
        : new ValueInfoProto { Name = name };

    /// <summary>A node; <paramref name="attributes"/> are integer attributes (e.g. Gemm's <c>transB</c>).</summary>
    public OnnxBytes Node(string opType, string[] inputs, string[] outputs, params (string Name, long Value)[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_model.Graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach ((string attribute, long value) in attributes)
        {
            node.Attribute.Add(new AttributeProto { Name = attribute, Type = AttributeProto.Types.AttributeType.Int, I = value });
        }

        _model.Graph.Node.Add(node);
        return this;
    }

    /// <summary>A <c>metadata_props</c> entry.</summary>
    public OnnxBytes Metadata(string key, string value)
    {
        _model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return this;
    }

    /// <summary>The serialized model.</summary>
    public byte[] Build() => _model.ToByteArray();

    /// <summary>Writes the model to <paramref name="path"/> (and the external data file beside it when there is one).</summary>
    public string Write(string path, string location = "model.onnx.data")
    {
        using (FileStream stream = File.Create(path))
        {
            _model.WriteTo(stream);
        }

        if (_external.Length > 0)
        {
            File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(path)!, location), ExternalBytes);
        }

        return path;
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
