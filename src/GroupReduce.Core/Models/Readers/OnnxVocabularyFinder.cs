using Onnx;

namespace GroupReduce.Core.Models.Readers;

/// <summary>
/// Finds an ONNX graph's vocabulary matrices: the initializer feeding <c>data</c> of a <c>Gather</c> (axis 0) whose
/// indices come from a graph input (the embedding), and the initializer that is the weight of a <c>MatMul</c> or
/// <c>Gemm</c> whose output reaches a graph output (the logits) — <c>[V, d]</c> through <c>Gemm</c> with <c>transB</c> or
/// a <c>Transpose</c> feeding <c>MatMul</c> (what <c>torch.onnx.export</c> writes for <c>nn.Linear</c>), <c>[d, V]</c>
/// directly. Only two-dimensional initializers of a matrix type count.
/// </summary>
internal static class OnnxVocabularyFinder
{
    // Ops that carry token ids to a Gather unchanged in meaning (exporters insert casts and reshapes).
    private static readonly HashSet<string> IdPassThrough = new(StringComparer.Ordinal) { "Cast", "Reshape", "Unsqueeze", "Squeeze", "Flatten", "Identity" };

    // Ops between a weight initializer and its use that keep it the same matrix: exporters that keep F16 weights
    // widen them with a Cast (samples/brown-lm/lm.onnx does) or name them through an Identity.
    private static readonly HashSet<string> WeightPassThrough = new(StringComparer.Ordinal) { "Cast", "Identity" };

    // Ops between the logits product and the graph output that keep it the logits: the bias Add, a temperature, softmax, reshapes.
    private static readonly HashSet<string> LogitsPassThrough = new(StringComparer.Ordinal)
    {
        "Add", "Div", "Mul", "Softmax", "LogSoftmax", "Reshape", "Identity", "Cast", "Squeeze", "Unsqueeze", "Flatten",
    };

    /// <summary>The vocabulary matrices, at most one entry per initializer, in initializer order.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="matrices">The initializers readable as matrices, by name.</param>
    /// <returns>The matrices found.</returns>
    public static IReadOnlyList<VocabularyMatrix> Find(GraphProto graph, IReadOnlyDictionary<string, ModelTensor> matrices)
    {
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            foreach (string output in node.Output)
            {
                producers.TryAdd(output, node);
            }

            foreach (string input in node.Input)
            {
                if (!consumers.TryGetValue(input, out List<NodeProto>? list))
                {
                    consumers[input] = list = [];
                }

                list.Add(node);
            }
        }

        // Before IR version 4 initializers were listed as graph inputs too; those are weights, not fed values.
        var initializers = new HashSet<string>(graph.Initializer.Select(t => t.Name), StringComparer.Ordinal);
        var inputs = new HashSet<string>(graph.Input.Select(i => i.Name).Where(n => !initializers.Contains(n)), StringComparer.Ordinal);
        var outputs = new HashSet<string>(graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var embedding = new HashSet<string>(StringComparer.Ordinal);
        var logits = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
        {
            if (node.OpType == "Gather" && node.Input.Count >= 2 && Int(node, "axis", 0) == 0
                && Initializer(node.Input[0], producers, matrices) is { } table && FromGraphInput(node.Input[1], producers, inputs))
            {
                embedding.Add(table);
            }

            if (node.OpType is "MatMul" or "Gemm" && node.Input.Count >= 2 && node.Output.Count >= 1 && ReachesOutput(node.Output[0], consumers, outputs))
            {
                if (Weight(node, producers, matrices) is { } weight)
                {
                    logits.TryAdd(weight.Name, weight.InColumns);
                }
            }
        }

        var found = new List<VocabularyMatrix>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (TensorProto initializer in graph.Initializer)
        {
            string name = initializer.Name;
            bool isEmbedding = embedding.Contains(name);
            bool isLogits = logits.TryGetValue(name, out bool inColumns);
            if ((isEmbedding || isLogits) && listed.Add(name))
            {
                found.Add(new VocabularyMatrix(name, isEmbedding, isLogits, isLogits && inColumns));
            }
        }

        return found;
    }

    // The product's weight: Gemm's B (transB=1: [V, d]; otherwise [d, V]); MatMul's second input, an initializer
    // ([d, V]) or a 2-D Transpose of one ([V, d]).
    private static (string Name, bool InColumns)? Weight(NodeProto node, Dictionary<string, NodeProto> producers, IReadOnlyDictionary<string, ModelTensor> matrices)
    {
        string b = node.Input[1];
        if (node.OpType == "Gemm")
        {
            if (Int(node, "transA", 0) != 0)
            {
                return null;
            }

            return Initializer(b, producers, matrices) is { } gemmWeight ? (gemmWeight, Int(node, "transB", 0) == 0) : null;
        }

        if (Initializer(b, producers, matrices) is { } direct)
        {
            return (direct, true);
        }

        if (producers.TryGetValue(b, out NodeProto? transpose) && transpose.OpType == "Transpose" && transpose.Input.Count == 1
            && IsSwap(transpose) && Initializer(transpose.Input[0], producers, matrices) is { } transposed)
        {
            return (transposed, false);
        }

        return null;
    }

    // The matrix initializer a value is, directly or through Cast/Identity nodes; null when it is computed otherwise.
    private static string? Initializer(string value, Dictionary<string, NodeProto> producers, IReadOnlyDictionary<string, ModelTensor> matrices)
    {
        for (int depth = 0; depth < 8; depth++)
        {
            if (matrices.ContainsKey(value))
            {
                return value;
            }

            if (!producers.TryGetValue(value, out NodeProto? node) || !WeightPassThrough.Contains(node.OpType) || node.Input.Count != 1)
            {
                return null;
            }

            value = node.Input[0];
        }

        return null;
    }

    private static bool IsSwap(NodeProto transpose)
    {
        AttributeProto? perm = transpose.Attribute.FirstOrDefault(a => a.Name == "perm");
        return perm is null || perm.Ints.SequenceEqual([1L, 0L]);
    }

    private static bool FromGraphInput(string value, Dictionary<string, NodeProto> producers, HashSet<string> inputs)
    {
        for (int depth = 0; depth < 16; depth++)
        {
            if (inputs.Contains(value))
            {
                return true;
            }

            if (!producers.TryGetValue(value, out NodeProto? node) || !IdPassThrough.Contains(node.OpType) || node.Input.Count == 0)
            {
                return false;
            }

            value = node.Input[0];
        }

        return false;
    }

    // Follows the product forward through logits-preserving ops; a breadth-first walk bounded by the graph's size.
    private static bool ReachesOutput(string value, Dictionary<string, List<NodeProto>> consumers, HashSet<string> outputs)
    {
        var queue = new Queue<string>([value]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { value };
        while (queue.TryDequeue(out string? current))
        {
            if (outputs.Contains(current))
            {
                return true;
            }

            foreach (NodeProto next in consumers.GetValueOrDefault(current) ?? [])
            {
                if (LogitsPassThrough.Contains(next.OpType) && next.Output.Count >= 1 && seen.Add(next.Output[0]))
                {
                    queue.Enqueue(next.Output[0]);
                }
            }
        }

        return false;
    }

    private static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : fallback;
}
