using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace GroupReduce.Core.Artifacts.Onnx;

/// <summary>
/// Replaces a compressed initializer's uses in the main graph. A weight reaches its use directly or through
/// <c>Cast</c>/<c>Identity</c> nodes, and:
/// <list type="bullet">
/// <item><c>Gather</c> (axis 0) reading it is replaced by the block low-rank embedding lookup;</item>
/// <item><c>MatMul</c> reading its <c>Transpose</c>, or <c>Gemm</c> with <c>transB</c> (and not <c>transA</c>), is replaced by
/// the block low-rank logits (Gemm's <c>alpha</c>, <c>beta</c> and <c>C</c> applied after); for a weight stored <c>[d, V]</c>, <c>MatMul</c>
/// reading it directly and <c>Gemm</c> without <c>transB</c>;</item>
/// <item>any other use (another op, a nested graph, a graph output) reads a value of the same name that rebuilds the
/// dense matrix from the factors, which ONNX Runtime folds into a constant at load.</item>
/// </list>
/// Each replacement computes in float32 and casts to and from the weight's type at the use. Nodes left without a
/// reader once their uses are replaced (the <c>Transpose</c> or <c>Cast</c> of the weight) are removed; no other node
/// is touched.
/// </summary>
internal sealed class OnnxGraphRewriter
{
    private static readonly HashSet<string> Chain = new(StringComparer.Ordinal) { "Cast", "Identity" };

    private readonly GraphProto _graph;
    private readonly OnnxGraphBuilder _builder;
    private readonly Dictionary<NodeProto, List<NodeProto>> _replacements = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<NodeProto> _removed = new(ReferenceEqualityComparer.Instance);

    /// <summary>Starts rewriting a graph.</summary>
    /// <param name="graph">The main graph (edited by <see cref="Finish"/>).</param>
    /// <param name="builder">The builder every new node and initializer goes through.</param>
    public OnnxGraphRewriter(GraphProto graph, OnnxGraphBuilder builder)
    {
        _graph = graph;
        _builder = builder;
    }

    /// <summary>Replaces every use of one initializer that a matrix (or its tie) stood for.</summary>
    /// <param name="name">The initializer's name.</param>
    /// <param name="type">Its element type.</param>
    /// <param name="factors">The matrix's factors; null for a matrix that can only be rebuilt dense (<paramref name="dense"/>).</param>
    /// <param name="dense">Builds the dense float32 value (<c>[V, d]</c>), for the uses no pattern covers.</param>
    /// <param name="transposed">Whether the initializer is stored <c>[d, V]</c> (the compressed matrix is its transpose).</param>
    /// <returns>What was done with the uses (for the report's notes and the tests).</returns>
    public OnnxRewrite Replace(string name, DataType type, OnnxFactorGraph? factors, Func<string> dense, bool transposed)
    {
        var rewrite = new OnnxRewrite(name);
        if (factors is not null)
        {
            foreach ((string value, DataType valueType) in Derived(name, type))
            {
                foreach (NodeProto node in Readers(value))
                {
                    if (transposed)
                    {
                        TryReplaceColumns(node, value, valueType, factors, rewrite);
                    }
                    else
                    {
                        TryReplace(node, value, valueType, factors, rewrite);
                    }
                }
            }
        }

        RemoveDeadChain(name);
        if (IsRead(name))
        {
            // A value of the initializer's own name keeps every remaining reader (nested graphs included) as it was.
            string floats = dense();
            if (transposed)
            {
                floats = _builder.InPrefix(() => _builder.Add("Transpose", name + ".gr.dense.t", [floats], OnnxGraphBuilder.Ints("perm", 1, 0)));
            }

            _builder.InPrefix(() => _builder.AddNamed("Cast", name, [floats], OnnxGraphBuilder.Int("to", (long)type)));
            rewrite.Dense = true;
        }

        return rewrite;
    }

    /// <summary>Puts the new nodes in place (the factors' decoding first, each replacement where its node was).</summary>
    public void Finish()
    {
        var nodes = new List<NodeProto>(_builder.Prefix);
        foreach (NodeProto node in _graph.Node)
        {
            if (_replacements.TryGetValue(node, out List<NodeProto>? replacement))
            {
                nodes.AddRange(replacement);
            }
            else if (!_removed.Contains(node))
            {
                nodes.Add(node);
            }
        }

        _graph.Node.Clear();
        _graph.Node.AddRange(nodes);
    }

    private void TryReplace(NodeProto node, string value, DataType type, OnnxFactorGraph factors, OnnxRewrite rewrite)
    {
        if (node.OpType == "Gather" && node.Input.Count == 2 && node.Input[0] == value && Int(node, "axis", 0) == 0 && node.Output.Count == 1)
        {
            string rows = factors.Embedding(node.Input[1]);
            Replace(node, rows, type);
            rewrite.Embeddings++;
        }
        else if (node.OpType == "Transpose" && node.Input.Count == 1 && IsSwap(node) && node.Output.Count == 1)
        {
            foreach (NodeProto product in Readers(node.Output[0]))
            {
                if (product.OpType == "MatMul" && product.Input.Count == 2 && product.Input[1] == node.Output[0] && product.Input[0] != node.Output[0])
                {
                    Replace(product, factors.Logits(Widened(product.Input[0], type)), type);
                    rewrite.Logits++;
                }
            }
        }
        else if (node.OpType == "Gemm" && Int(node, "transB", 0) == 1)
        {
            TryReplaceGemm(node, value, type, factors, rewrite);
        }
    }

    // A [d, V] weight: MatMul(h, W) and Gemm(h, W) without transB make the logits.
    private void TryReplaceColumns(NodeProto node, string value, DataType type, OnnxFactorGraph factors, OnnxRewrite rewrite)
    {
        if (node.OpType == "MatMul" && node.Input.Count == 2 && node.Input[1] == value && node.Input[0] != value && node.Output.Count == 1)
        {
            Replace(node, factors.Logits(Widened(node.Input[0], type)), type);
            rewrite.Logits++;
        }
        else if (node.OpType == "Gemm" && Int(node, "transB", 0) == 0)
        {
            TryReplaceGemm(node, value, type, factors, rewrite);
        }
    }

    private void TryReplaceGemm(NodeProto node, string value, DataType type, OnnxFactorGraph factors, OnnxRewrite rewrite)
    {
        if (node.Input.Count >= 2 && node.Input[1] == value && node.Input[0] != value && Int(node, "transA", 0) == 0 && node.Output.Count == 1)
        {
            string logits = factors.Logits(Widened(node.Input[0], type));
            float alpha = Float(node, "alpha", 1f);
            float beta = Float(node, "beta", 1f);
            if (alpha != 1f)
            {
                logits = _builder.Add("Mul", logits + ".alpha", [logits, _builder.InPrefix(() => _builder.FloatScalar(logits + ".alpha.value", alpha))]);
            }

            if (node.Input.Count >= 3 && node.Input[2].Length > 0 && beta != 0f)
            {
                string bias = Widened(node.Input[2], type);
                if (beta != 1f)
                {
                    bias = _builder.Add("Mul", logits + ".beta", [bias, _builder.InPrefix(() => _builder.FloatScalar(logits + ".beta.value", beta))]);
                }

                logits = _builder.Add("Add", logits + ".bias", [logits, bias]);
            }

            Replace(node, logits, type);
            rewrite.Logits++;
        }
    }

    // The float32 input a replacement computes from: the value itself, or a cast of it.
    private string Widened(string value, DataType type) =>
        type == DataType.Float ? value : _builder.Add("Cast", value + ".f32", [value], OnnxGraphBuilder.Int("to", (long)DataType.Float));

    // The replaced node's output, under its own name and type, so its readers are unchanged.
    private void Replace(NodeProto node, string value, DataType type)
    {
        _builder.AddNamed(type == DataType.Float ? "Identity" : "Cast", node.Output[0], [value], type == DataType.Float ? [] : [OnnxGraphBuilder.Int("to", (long)type)]);
        _replacements[node] = _builder.TakeNodes();
    }

    // The initializer and the values made from it by Cast/Identity, each with its type.
    private List<(string Value, DataType Type)> Derived(string name, DataType type)
    {
        var values = new List<(string, DataType)> { (name, type) };
        var seen = new HashSet<string>(StringComparer.Ordinal) { name };
        for (int k = 0; k < values.Count; k++)
        {
            (string value, DataType valueType) = values[k];
            foreach (NodeProto node in Readers(value))
            {
                // A malformed graph may loop a value back through casts; each value is followed once.
                if (Chain.Contains(node.OpType) && node.Input.Count == 1 && node.Output.Count == 1 && seen.Add(node.Output[0]))
                {
                    values.Add((node.Output[0], node.OpType == "Cast" ? (DataType)Int(node, "to", (long)valueType) : valueType));
                }
            }
        }

        return values;
    }

    // Removes Cast/Identity/Transpose nodes from the initializer whose outputs nothing reads any more.
    private void RemoveDeadChain(string name)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            var frontier = new Queue<string>([name]);
            var seen = new HashSet<string>(StringComparer.Ordinal) { name };
            while (frontier.TryDequeue(out string? value))
            {
                foreach (NodeProto node in Readers(value))
                {
                    if (node.OpType is not ("Cast" or "Identity" or "Transpose") || node.Input.Count != 1 || node.Output.Count != 1)
                    {
                        continue;
                    }

                    if (!IsRead(node.Output[0]))
                    {
                        _removed.Add(node);
                        changed = true;
                    }
                    else if (seen.Add(node.Output[0]))
                    {
                        frontier.Enqueue(node.Output[0]);
                    }
                }
            }
        }
    }

    // Live readers of a value in the main graph: not removed, not replaced.
    private IEnumerable<NodeProto> Readers(string value) =>
        _graph.Node.Where(n => !_removed.Contains(n) && !_replacements.ContainsKey(n) && n.Input.Contains(value)).ToList();

    private bool IsRead(string value) =>
        Readers(value).Any() || _graph.Output.Any(o => o.Name == value) || _graph.Node.Where(n => !_removed.Contains(n) && !_replacements.ContainsKey(n)).Any(n => ReadsInBody(n, value));

    private static bool ReadsInBody(NodeProto node, string value) =>
        node.Attribute.Any(a => (a.G is { } g && Reads(g, value)) || a.Graphs.Any(g => Reads(g, value)));

    private static bool Reads(GraphProto graph, string value) =>
        graph.Output.Any(o => o.Name == value) || graph.Node.Any(n => n.Input.Contains(value) || ReadsInBody(n, value));

    private static bool IsSwap(NodeProto transpose)
    {
        AttributeProto? perm = transpose.Attribute.FirstOrDefault(a => a.Name == "perm");
        return perm is null || perm.Ints.SequenceEqual([1L, 0L]);
    }

    private static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : fallback;

    private static float Float(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.F : fallback;
}
