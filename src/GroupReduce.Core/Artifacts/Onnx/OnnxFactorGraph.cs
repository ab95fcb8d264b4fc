using DataType = Onnx.TensorProto.Types.DataType;
using GroupReduce.Core.Storage;
using GroupReduce.Runtime.Format;

namespace GroupReduce.Core.Artifacts.Onnx;

/// <summary>
/// One compressed matrix as ONNX: its factors as initializers (decoded by <see cref="OnnxBlockDecoder"/>) and the three
/// things a graph can ask of it, each built from standard operators (docs/onnx.md draws them):
/// <list type="bullet">
/// <item><see cref="Embedding"/>: rows for token ids — each id's position in the group-ordered rows, a <c>Gather</c> from
/// every group's factor (a zero row for ids of other groups), one <c>MatMul</c> with the stacked bases;</item>
/// <item><see cref="Logits"/>: <c>h · W^T</c> — one <c>MatMul</c> with every group's <c>V_g</c> side by side, then per group
/// a <c>Slice</c> and a <c>MatMul</c> with <c>U_g^T</c>, concatenated and put back in vocabulary order by one
/// <c>GatherElements</c> (a <c>Gather</c> before opset 11);</item>
/// <item><see cref="Dense"/>: the whole matrix, for any other use (ONNX Runtime folds it into a constant at load).</item>
/// </list>
/// Values are made once, on first use, and shared by every use of the matrix and of the tensors tied to it.
/// A lowrank group of rank 0 is a group of zero rows (<c>ConstantOfShape</c>, no bytes in the file).
/// </summary>
internal sealed class OnnxFactorGraph
{
    private readonly OnnxGraphBuilder _builder;
    private readonly StoredMatrix _stored;
    private readonly long _opset;
    private readonly List<StoredGroup> _groups;
    private readonly long[] _offsets;
    private readonly int[]? _positions;
    private readonly Dictionary<int, string> _rows = [];
    private readonly Dictionary<int, string> _bases = [];
    private readonly Dictionary<int, string> _transposedRows = [];
    private readonly Dictionary<int, string> _transposedBases = [];
    private readonly Dictionary<int, string> _paddedRows = [];
    private string? _order;
    private string? _stackedBases;
    private string? _stackedBasesTransposed;
    private string? _dense;

    /// <summary>Prepares a matrix's graph; nothing is added until a value is asked for.</summary>
    /// <param name="builder">The graph builder.</param>
    /// <param name="stored">The compressed matrix (grouped storage).</param>
    /// <param name="map">Its row→group map; null when all rows are group 0.</param>
    /// <param name="opset">The model's default-domain opset.</param>
    public OnnxFactorGraph(OnnxGraphBuilder builder, StoredMatrix stored, int[]? map, long opset)
    {
        _builder = builder;
        _stored = stored;
        _opset = opset;
        _groups = stored.Groups.Where(g => g.Rows > 0).OrderBy(g => g.Index).ToList();
        _offsets = new long[_groups.Count];
        for (int k = 1; k < _groups.Count; k++)
        {
            _offsets[k] = _offsets[k - 1] + _groups[k - 1].Rows;
        }

        _positions = Positions(map, _groups, _offsets, stored.Matrix.Rows);
    }

    private string Name => _stored.Matrix.Name;

    private int Width => _stored.Matrix.Columns;

    /// <summary>The embedding rows for token ids, float32 <c>[ids..., columns]</c>.</summary>
    /// <param name="ids">The ids value (int32 or int64, any shape).</param>
    /// <returns>The value's name.</returns>
    public string Embedding(string ids)
    {
        if (_positions is null && _groups.Count == 1)
        {
            StoredGroup only = _groups[0];
            string rows = _builder.Add("Gather", $"{Name}.gr.embed.rows", [Rows(only), ids], OnnxGraphBuilder.Int("axis", 0));
            return IsLowRank(only) ? _builder.Add("MatMul", $"{Name}.gr.embed", [rows, BasesTransposed(only)]) : rows;
        }

        string order = _positions is null
            ? _builder.Add("Cast", $"{Name}.gr.embed.order", [ids], OnnxGraphBuilder.Int("to", (long)DataType.Int32))
            : _builder.Add("Gather", $"{Name}.gr.embed.order", [Order(), ids], OnnxGraphBuilder.Int("axis", 0));
        string zero = _builder.InPrefix(() => _builder.Int32Scalar($"{Name}.gr.zero", 0));
        var lowRank = new List<string>();
        var terms = new List<string>();
        for (int k = 0; k < _groups.Count; k++)
        {
            StoredGroup group = _groups[k];
            string label = $"{Name}.gr.g{group.Index}.embed";
            (string offset, string count) = _builder.InPrefix(() => (
                _builder.Int32Scalar($"{label}.offset", checked((int)_offsets[k])),
                _builder.Int32Scalar($"{label}.rows", checked((int)group.Rows))));
            string position = _builder.Add("Sub", $"{label}.position", [order, offset]);
            string notBelow = _builder.Add("Not", $"{label}.not_below", [_builder.Add("Less", $"{label}.below", [position, zero])]);
            string inside = _builder.Add("And", $"{label}.inside", [notBelow, _builder.Add("Less", $"{label}.before_end", [position, count])]);
            string index = _builder.Add("Where", $"{label}.index", [inside, position, count]);
            string rows = _builder.Add("Gather", $"{label}.rows", [PaddedRows(group), index], OnnxGraphBuilder.Int("axis", 0));
            (IsLowRank(group) ? lowRank : terms).Add(rows);
        }

        if (lowRank.Count > 0)
        {
            string coefficients = lowRank.Count == 1 ? lowRank[0] : _builder.Add("Concat", $"{Name}.gr.embed.coefficients", lowRank, OnnxGraphBuilder.Int("axis", -1));
            terms.Insert(0, _builder.Add("MatMul", $"{Name}.gr.embed.lowrank", [coefficients, StackedBasesTransposed()]));
        }

        return terms.Count == 1 ? terms[0] : _builder.Add("Sum", $"{Name}.gr.embed", terms);
    }

    /// <summary>The logits <c>h · W^T</c>, float32 <c>[..., rows]</c>.</summary>
    /// <param name="hidden">The hidden states, float32 <c>[..., columns]</c>.</param>
    /// <returns>The value's name.</returns>
    public string Logits(string hidden)
    {
        if (_positions is null && _groups.Count == 1)
        {
            StoredGroup only = _groups[0];
            return IsLowRank(only)
                ? _builder.Add("MatMul", $"{Name}.gr.logits", [_builder.Add("MatMul", $"{Name}.gr.logits.projected", [hidden, Bases(only)]), RowsTransposed(only)])
                : _builder.Add("MatMul", $"{Name}.gr.logits", [hidden, RowsTransposed(only)]);
        }

        List<StoredGroup> lowRank = _groups.Where(IsLowRank).ToList();
        string? projected = lowRank.Count > 0 ? _builder.Add("MatMul", $"{Name}.gr.logits.projected", [hidden, StackedBases()]) : null;
        var pieces = new List<string>(_groups.Count);
        long start = 0;
        foreach (StoredGroup group in _groups)
        {
            string label = $"{Name}.gr.g{group.Index}.logits";
            if (!IsLowRank(group))
            {
                pieces.Add(_builder.Add("MatMul", label, [hidden, RowsTransposed(group)]));
                continue;
            }

            string slice = projected!;
            if (lowRank.Count > 1)
            {
                long begin = start;
                (string starts, string ends, string axes) = _builder.InPrefix(() => (
                    _builder.Int64s($"{label}.starts", begin),
                    _builder.Int64s($"{label}.ends", begin + group.Rank),
                    _builder.Int64s($"{label}.axes", -1)));
                slice = _builder.Add("Slice", $"{label}.projected", [projected!, starts, ends, axes]);
            }

            start += group.Rank;
            pieces.Add(_builder.Add("MatMul", label, [slice, RowsTransposed(group)]));
        }

        string grouped = pieces.Count == 1 ? pieces[0] : _builder.Add("Concat", $"{Name}.gr.logits.grouped", pieces, OnnxGraphBuilder.Int("axis", -1));
        return _positions is null ? grouped : VocabularyOrder(grouped);
    }

    // Logits in group order put back in vocabulary order along the last axis. GatherElements with the order broadcast to
    // the logits' shape, not Gather on the last axis: ONNX Runtime 1.32 copies one element per memcpy call for that
    // Gather, GatherElements in a typed loop. bench/GroupReduce.Bench.Onnx (100,000 x 512 at 6.6x, one thread, ORT's
    // profiler): 345 µs -> 71 µs (+21 µs Expand) at batch 1, 2.85 ms -> 0.49 ms at batch 8, 46.6 ms -> 6.9 ms at batch
    // 64, where the Gather had been 70% of the model's time. Both copy the same elements: the logits are identical.
    // Before opset 11 there is no GatherElements: Gather it is.
    private string VocabularyOrder(string grouped)
    {
        if (_opset < 11)
        {
            return _builder.Add("Gather", $"{Name}.gr.logits", [grouped, Order()], OnnxGraphBuilder.Int("axis", -1));
        }

        string shape = _builder.Add("Shape", $"{Name}.gr.logits.shape", [grouped]);
        string indices = _builder.Add("Expand", $"{Name}.gr.logits.order", [Order(), shape]);
        return _builder.Add("GatherElements", $"{Name}.gr.logits", [grouped, indices], OnnxGraphBuilder.Int("axis", -1));
    }

    /// <summary>The whole matrix, float32 <c>[rows, columns]</c>, made from initializers only (so in the prefix).</summary>
    /// <returns>The value's name.</returns>
    public string Dense() => _dense ??= _builder.InPrefix(() =>
    {
        var pieces = _groups.Select(g => IsLowRank(g)
            ? _builder.Add("MatMul", $"{Name}.gr.g{g.Index}.dense", [Rows(g), BasesTransposed(g)])
            : Rows(g)).ToList();
        string grouped = pieces.Count == 1 ? pieces[0] : _builder.Add("Concat", $"{Name}.gr.grouped", pieces, OnnxGraphBuilder.Int("axis", 0));
        return _positions is null ? grouped : _builder.Add("Gather", $"{Name}.gr.dense", [grouped, Order()], OnnxGraphBuilder.Int("axis", 0));
    });

    private static bool IsLowRank(StoredGroup group) => group.Kind == GroupStorageKind.LowRank && group.Rank > 0;

    // A group's rows: the U factor of a lowrank group, the block of a dense one, zeros for a lowrank group of rank 0.
    private string Rows(StoredGroup group) => Memo(_rows, group.Index, () => group.Kind switch
    {
        GroupStorageKind.Dense => OnnxBlockDecoder.Decode(_builder, TensorNames.DenseBlock(Name, group.Index), group.Dense!, _opset),
        _ when group.Rank > 0 => OnnxBlockDecoder.Decode(_builder, TensorNames.UBlock(Name, group.Index), group.U!, _opset),
        _ => _builder.Add("ConstantOfShape", $"{Name}.gr.g{group.Index}.zeros", [_builder.Int64s($"{Name}.gr.g{group.Index}.zeros.shape", group.Rows, Width)]),
    });

    private string Bases(StoredGroup group) => Memo(_bases, group.Index, () =>
        OnnxBlockDecoder.Decode(_builder, TensorNames.VBlock(Name, group.Index), group.V!, _opset));

    private string BasesTransposed(StoredGroup group) => Memo(_transposedBases, group.Index, () =>
        _builder.Add("Transpose", $"{Name}.gr.g{group.Index}.v.t", [Bases(group)], OnnxGraphBuilder.Ints("perm", 1, 0)));

    private string RowsTransposed(StoredGroup group) => Memo(_transposedRows, group.Index, () =>
        _builder.Add("Transpose", $"{Name}.gr.g{group.Index}.rows.t", [Rows(group)], OnnxGraphBuilder.Ints("perm", 1, 0)));

    // The group's rows with one zero row after them: the row an id of another group gathers.
    private string PaddedRows(StoredGroup group) => Memo(_paddedRows, group.Index, () =>
    {
        int width = IsLowRank(group) ? group.Rank : Width;
        string zero = _builder.Floats($"{Name}.gr.g{group.Index}.zero_row", [1, width], new float[width]);
        return _builder.Add("Concat", $"{Name}.gr.g{group.Index}.rows.padded", [Rows(group), zero], OnnxGraphBuilder.Int("axis", 0));
    });

    private string StackedBases() => _stackedBases ??= _builder.InPrefix(() =>
    {
        var bases = _groups.Where(IsLowRank).Select(Bases).ToList();
        return bases.Count == 1 ? bases[0] : _builder.Add("Concat", $"{Name}.gr.v", bases, OnnxGraphBuilder.Int("axis", 1));
    });

    private string StackedBasesTransposed() => _stackedBasesTransposed ??= _builder.InPrefix(() =>
        _builder.Add("Transpose", $"{Name}.gr.v.t", [StackedBases()], OnnxGraphBuilder.Ints("perm", 1, 0)));

    // Each vocabulary row's index in the group-ordered rows: Gather (or GatherElements) with it puts group order back in vocabulary order.
    private string Order() => _order ??= _builder.InPrefix(() => _builder.Int32s($"{Name}.gr.order", _positions!));

    private string Memo(Dictionary<int, string> memo, int group, Func<string> make)
    {
        if (!memo.TryGetValue(group, out string? value))
        {
            memo[group] = value = _builder.InPrefix(make);
        }

        return value;
    }

    // Null when the group order is the vocabulary order (one group, or groups that happen to be contiguous and sorted).
    private static int[]? Positions(int[]? map, List<StoredGroup> groups, long[] offsets, long rows)
    {
        if (map is null)
        {
            return null;
        }

        var next = new Dictionary<int, long>();
        for (int k = 0; k < groups.Count; k++)
        {
            next[groups[k].Index] = offsets[k];
        }

        var positions = new int[rows];
        bool identity = true;
        for (int i = 0; i < rows; i++)
        {
            long position = next[map[i]]++;
            positions[i] = checked((int)position);
            identity &= position == i;
        }

        return identity ? null : positions;
    }
}
