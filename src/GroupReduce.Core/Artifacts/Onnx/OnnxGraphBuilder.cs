using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace GroupReduce.Core.Artifacts.Onnx;

/// <summary>
/// Adds nodes and initializers to an ONNX graph under names no existing value, node or initializer has: every name the
/// writer makes starts with <c>groupreduce/</c>, and a taken one gets a counter, so the user's names are never shadowed.
/// Nodes are collected in order; the caller decides where in the graph each batch goes (topological order).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> _taken;

    /// <summary>Starts a builder over a graph: every name in it (at any depth of nested graphs) counts as taken.</summary>
    /// <param name="graph">The graph being rewritten.</param>
    public OnnxGraphBuilder(GraphProto graph)
    {
        _taken = new HashSet<string>(StringComparer.Ordinal);
        CollectNames(graph, _taken);
    }

    /// <summary>Initializers added, in the order they were added.</summary>
    public List<TensorProto> Initializers { get; } = [];

    /// <summary>Nodes added since the last <see cref="TakeNodes"/>.</summary>
    public List<NodeProto> Nodes { get; private set; } = [];

    /// <summary>Nodes that depend on initializers only (the factors' decoding), for the top of the graph.</summary>
    public List<NodeProto> Prefix { get; } = [];

    private bool _inPrefix;

    /// <summary>Runs <paramref name="build"/> with every node it adds going to <see cref="Prefix"/>.</summary>
    /// <typeparam name="T">What it returns.</typeparam>
    /// <param name="build">Adds nodes that read initializers only.</param>
    /// <returns>What <paramref name="build"/> returned.</returns>
    public T InPrefix<T>(Func<T> build)
    {
        bool outer = _inPrefix;
        _inPrefix = true;
        try
        {
            return build();
        }
        finally
        {
            _inPrefix = outer;
        }
    }

    /// <summary>Returns the nodes added so far and starts a new batch.</summary>
    /// <returns>The batch.</returns>
    public List<NodeProto> TakeNodes()
    {
        List<NodeProto> batch = Nodes;
        Nodes = [];
        return batch;
    }

    /// <summary>A name no part of the graph uses yet, reserved.</summary>
    /// <param name="wanted">The name wanted.</param>
    /// <returns><paramref name="wanted"/>, or it with a counter.</returns>
    public string Unique(string wanted)
    {
        string name = wanted;
        for (int k = 1; !_taken.Add(name); k++)
        {
            name = $"{wanted}.{k}";
        }

        return name;
    }

    /// <summary>Marks a name as the writer's own (an output that reuses a replaced value's name).</summary>
    /// <param name="name">The name.</param>
    public void Reserve(string name) => _taken.Add(name);

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    /// <param name="op">The operator (default domain).</param>
    /// <param name="label">A readable name for the output (made unique).</param>
    /// <param name="inputs">The inputs.</param>
    /// <param name="attributes">The attributes.</param>
    /// <returns>The output's name.</returns>
    public string Add(string op, string label, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        AddNamed(op, Unique(label), inputs, attributes);

    /// <summary>Adds a node whose one output has a given name (already reserved or freed by the caller).</summary>
    /// <param name="op">The operator (default domain).</param>
    /// <param name="output">The output's name.</param>
    /// <param name="inputs">The inputs.</param>
    /// <param name="attributes">The attributes.</param>
    /// <returns><paramref name="output"/>.</returns>
    public string AddNamed(string op, string output, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Unique(output + "/" + op) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        (_inPrefix ? Prefix : Nodes).Add(node);
        return output;
    }

    /// <summary>Adds an initializer with raw little-endian bytes.</summary>
    /// <param name="label">Its name (made unique).</param>
    /// <param name="type">Its element type.</param>
    /// <param name="dims">Its shape.</param>
    /// <param name="bytes">Its data.</param>
    /// <returns>Its name.</returns>
    public string Initializer(string label, DataType type, long[] dims, ByteString bytes)
    {
        var tensor = new TensorProto { Name = Unique(label), DataType = (int)type, RawData = bytes };
        tensor.Dims.AddRange(dims);
        Initializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>An int64 initializer (shape, axes, starts of <c>Slice</c> and <c>Reshape</c>).</summary>
    /// <param name="label">Its name.</param>
    /// <param name="values">The values (a 1-D tensor).</param>
    /// <returns>Its name.</returns>
    public string Int64s(string label, params long[] values) =>
        Initializer(label, DataType.Int64, [values.Length], ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>An int32 scalar (rank 0).</summary>
    /// <param name="label">Its name.</param>
    /// <param name="value">The value.</param>
    /// <returns>Its name.</returns>
    public string Int32Scalar(string label, int value) =>
        Initializer(label, DataType.Int32, [], ByteString.CopyFrom(BitConverter.GetBytes(value)));

    /// <summary>A float32 scalar (rank 0).</summary>
    /// <param name="label">Its name.</param>
    /// <param name="value">The value.</param>
    /// <returns>Its name.</returns>
    public string FloatScalar(string label, float value) =>
        Initializer(label, DataType.Float, [], ByteString.CopyFrom(BitConverter.GetBytes(value)));

    /// <summary>An int32 vector.</summary>
    /// <param name="label">Its name.</param>
    /// <param name="values">The values.</param>
    /// <returns>Its name.</returns>
    public string Int32s(string label, int[] values) =>
        Initializer(label, DataType.Int32, [values.Length], ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>A float32 tensor.</summary>
    /// <param name="label">Its name.</param>
    /// <param name="dims">Its shape.</param>
    /// <param name="values">The values, row-major.</param>
    /// <returns>Its name.</returns>
    public string Floats(string label, long[] dims, float[] values) =>
        Initializer(label, DataType.Float, dims, ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));

    /// <summary>An integer attribute.</summary>
    /// <param name="name">The attribute.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The attribute.</returns>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A list-of-integers attribute.</summary>
    /// <param name="name">The attribute.</param>
    /// <param name="values">Its values.</param>
    /// <returns>The attribute.</returns>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float attribute.</summary>
    /// <param name="name">The attribute.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The attribute.</returns>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A tensor attribute (<c>ConstantOfShape</c>'s value).</summary>
    /// <param name="name">The attribute.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The attribute.</returns>
    public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    private static void CollectNames(GraphProto graph, HashSet<string> names)
    {
        names.UnionWith(graph.Initializer.Select(t => t.Name));
        names.UnionWith(graph.Input.Select(v => v.Name));
        names.UnionWith(graph.Output.Select(v => v.Name));
        names.UnionWith(graph.ValueInfo.Select(v => v.Name));
        foreach (NodeProto node in graph.Node)
        {
            names.Add(node.Name);
            names.UnionWith(node.Input);
            names.UnionWith(node.Output);
            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G is { } body)
                {
                    CollectNames(body, names);
                }

                foreach (GraphProto nested in attribute.Graphs)
                {
                    CollectNames(nested, names);
                }
            }
        }
    }
}
