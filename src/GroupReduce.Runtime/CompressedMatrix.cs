using System.Buffers;
using System.Numerics.Tensors;
using GroupReduce.Runtime.Kernels;
using GroupReduce.Runtime.Storage;

namespace GroupReduce.Runtime;

/// <summary>
/// One compressed matrix of an artifact (an embedding or a softmax): rows reconstructed on demand, and
/// products with a vector computed through the block low-rank form without ever rebuilding the matrix.
/// Safe to use from many threads at once.
/// </summary>
public sealed class CompressedMatrix
{
    // Scratch up to this many floats (16 KiB) lives on the stack; wider needs come from the shared pool, so
    // products stay allocation-free after the first call either way.
    private const int StackValues = 4096;

    private readonly MatrixGroup[] _groups;
    // Null when every row is in group 0 (a matrix without a partition).
    private readonly int[]? _groupOf;
    private readonly int[] _positionOf;
    private readonly SparseStorage? _sparse;

    // The widest stored row (a low-rank group's rank, or the columns of a dense group), fixed at open so a
    // product sizes its scratch without looking at every group.
    private readonly int _maxRank;

    // Whether any part stores 8- or 4-bit integers: only then does a product quantize its input.
    private readonly bool _hasIntegerParts;

    internal CompressedMatrix(string name, IReadOnlyList<string> tied, int rows, int columns, MatrixGroup[] groups, int[]? groupOf, int[] positionOf)
    {
        Name = name;
        Tied = tied;
        Rows = rows;
        Columns = columns;
        _groups = groups;
        _groupOf = groupOf;
        _positionOf = positionOf;
        _maxRank = groups.Length == 0 ? 0 : groups.Max(g => g.Kind == GroupKind.Empty ? 0 : g.Rank);
        _hasIntegerParts = groups.Any(g => g.Stored is { } stored && stored.Parts.ToArray().Any(p => p.Scheme == PartScheme.Integer && IntegerRowDots.Takes(p.Bits)));
    }

    internal CompressedMatrix(string name, IReadOnlyList<string> tied, int rows, int columns, SparseStorage sparse)
    {
        Name = name;
        Tied = tied;
        Rows = rows;
        Columns = columns;
        _groups = [];
        _groupOf = [];
        _positionOf = [];
        _sparse = sparse;
    }

    /// <summary>The input tensor's name.</summary>
    public string Name { get; }

    /// <summary>Other input tensors that held the same values (tied weights).</summary>
    public IReadOnlyList<string> Tied { get; }

    /// <summary>Rows (vocabulary size).</summary>
    public int Rows { get; }

    /// <summary>Columns (embedding or hidden width).</summary>
    public int Columns { get; }

    /// <summary>Whether the matrix is stored pruned (sparse) rather than in groups.</summary>
    public bool IsSparse => _sparse is not null;

    /// <summary>The number of groups (0 for a sparse matrix).</summary>
    public int GroupCount => _groups.Length;

    /// <summary>The group a row belongs to (0 when the matrix is one group).</summary>
    /// <param name="row">The row.</param>
    /// <returns>The group index, or -1 for a sparse matrix.</returns>
    public int GroupOf(int row)
    {
        CheckRow(row);
        return _sparse is null ? _groups[_groupOf?[row] ?? 0].Index : -1;
    }

    /// <summary>The rank a group is stored with: its rank when low-rank, <see cref="Columns"/> when dense, 0 when empty.</summary>
    /// <param name="group">The group index.</param>
    /// <returns>The rank.</returns>
    public int GroupRank(int group) => _groups[group].Kind switch
    {
        GroupKind.LowRank => _groups[group].Rank,
        GroupKind.Dense => Columns,
        _ => 0,
    };

    /// <summary>Reconstructs one row.</summary>
    /// <param name="row">The row (a token id).</param>
    /// <param name="destination">At least <see cref="Columns"/> values; receives the row.</param>
    public void GetRow(int row, Span<float> destination)
    {
        CheckRow(row);
        if (destination.Length < Columns)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the row has {Columns}.", nameof(destination));
        }

        Span<float> target = destination[..Columns];
        if (_sparse is { } sparse)
        {
            target.Clear();
            for (long e = sparse.RowStart[row]; e < sparse.RowStart[row + 1]; e++)
            {
                target[sparse.Columns[e]] = sparse.Values[e];
            }

            return;
        }

        MatrixGroup group = _groups[_groupOf?[row] ?? 0];
        int k = _positionOf[row];
        switch (group.Kind)
        {
            case GroupKind.Dense:
                group.Stored!.DecodeRow(k, target);
                break;
            case GroupKind.LowRank:
                int rank = group.Rank;
                float[]? rented = null;
                Span<float> buffer = rank <= StackValues ? stackalloc float[rank] : (rented = ArrayPool<float>.Shared.Rent(rank));
                ReadOnlySpan<float> coefficients = group.Stored!.Row(k, buffer);
                ReadOnlySpan<float> vt = group.VTransposed;
                target.Clear();
                for (int r = 0; r < rank; r++)
                {
                    TensorPrimitives.MultiplyAdd(vt.Slice(r * Columns, Columns), coefficients[r], target, target);
                }

                if (rented is not null)
                {
                    ArrayPool<float>.Shared.Return(rented);
                }

                break;
            default:
                target.Clear();
                break;
        }
    }

    /// <summary>
    /// <c>result[i] = row_i · x</c> for every row: for a softmax matrix, the logits of hidden state
    /// <paramref name="x"/> (without a bias). Low-rank groups cost <c>columns·rank + rows·rank</c> instead of
    /// <c>rows·columns</c>: first <c>t = V_gᵀ x</c>, then one dot product of length rank per row.
    /// </summary>
    /// <param name="x">A vector of <see cref="Columns"/> values.</param>
    /// <param name="result">At least <see cref="Rows"/> values.</param>
    /// <remarks>Rows stored as 8- or 4-bit integers are multiplied in integers (<see cref="QuantizedProducts.IntegerDots"/>).</remarks>
    public void Multiply(ReadOnlySpan<float> x, Span<float> result) => Multiply(x, result, QuantizedProducts.IntegerDots);

    /// <summary>
    /// <c>result[i] = row_i · x</c> for every row, choosing how rows stored as integers are multiplied:
    /// <see cref="QuantizedProducts.ExactDecoding"/> gives the products of the decoded matrix.
    /// </summary>
    /// <param name="x">A vector of <see cref="Columns"/> values.</param>
    /// <param name="result">At least <see cref="Rows"/> values.</param>
    /// <param name="products">Integer dot products (the default) or exact float decoding.</param>
    public void Multiply(ReadOnlySpan<float> x, Span<float> result, QuantizedProducts products)
    {
        if (x.Length != Columns)
        {
            throw new ArgumentException($"The vector has {x.Length} values; the matrix has {Columns} columns.", nameof(x));
        }

        if (result.Length < Rows)
        {
            throw new ArgumentException($"The result holds {result.Length} values; the matrix has {Rows} rows.", nameof(result));
        }

        if (_sparse is { } sparse)
        {
            for (int i = 0; i < Rows; i++)
            {
                float sum = 0;
                for (long e = sparse.RowStart[i]; e < sparse.RowStart[i + 1]; e++)
                {
                    sum += sparse.Values[e] * x[sparse.Columns[e]];
                }

                result[i] = sum;
            }

            return;
        }

        MultiplyGroups(x, result, products == QuantizedProducts.IntegerDots);
    }

    private void MultiplyGroups(ReadOnlySpan<float> x, Span<float> result, bool integerDots)
    {
        // t = V_gᵀ x needs the widest rank; a chunk of decoded rows needs at least one row of it.
        int width = _maxRank;
        float[]? rentedT = null;
        float[]? rentedChunk = null;
        Span<float> projected = width <= StackValues ? stackalloc float[width] : (rentedT = ArrayPool<float>.Shared.Rent(width));
        Span<float> chunk = width <= StackValues ? stackalloc float[StackValues] : (rentedChunk = ArrayPool<float>.Shared.Rent(width));

        // The quantized input of integer parts: in column order, deinterleaved for int4, and int4's per-block biases.
        sbyte[]? rentedInput = null;
        int[]? rentedCorrections = null;
        bool quantizedRows = integerDots && _hasIntegerParts;
        int inputWidth = quantizedRows ? width + IntegerInput.Padding : 0;
        Span<sbyte> inputs = inputWidth <= StackValues / 2 ? stackalloc sbyte[2 * inputWidth] : (rentedInput = ArrayPool<sbyte>.Shared.Rent(2 * inputWidth));
        Span<int> corrections = inputWidth <= StackValues / 4 ? stackalloc int[inputWidth] : (rentedCorrections = ArrayPool<int>.Shared.Rent(inputWidth));
        var input = new IntegerInput(inputs[..inputWidth], inputs.Slice(inputWidth, inputWidth), corrections[..inputWidth]);
        foreach (MatrixGroup group in _groups)
        {
            scoped ReadOnlySpan<float> t;
            switch (group.Kind)
            {
                case GroupKind.Dense:
                    t = x;
                    break;
                case GroupKind.LowRank:
                    int rank = group.Rank;
                    Span<float> projection = projected[..rank];
                    ReadOnlySpan<float> vt = group.VTransposed;
                    for (int r = 0; r < rank; r++)
                    {
                        projection[r] = TensorPrimitives.Dot(vt.Slice(r * Columns, Columns), x);
                    }

                    t = projection;
                    break;
                default:
                    continue;
            }

            input.Reset(quantizedRows);
            MultiplyBlock(group, t, chunk, ref input, result);
        }

        if (rentedInput is not null)
        {
            ArrayPool<sbyte>.Shared.Return(rentedInput);
        }

        if (rentedCorrections is not null)
        {
            ArrayPool<int>.Shared.Return(rentedCorrections);
        }

        if (rentedT is not null)
        {
            ArrayPool<float>.Shared.Return(rentedT);
        }

        if (rentedChunk is not null)
        {
            ArrayPool<float>.Shared.Return(rentedChunk);
        }
    }

    // One dot product of the block's width per row, part by part: float32 parts straight from the mapping,
    // quantized parts decoded a chunk of rows at a time into scratch (never the whole block).
    private static void MultiplyBlock(MatrixGroup group, scoped ReadOnlySpan<float> t, Span<float> chunk, scoped ref IntegerInput input, Span<float> result)
    {
        ReadOnlySpan<int> rows = group.Rows;
        bool exact = group.Kind == GroupKind.Dense;
        foreach (FactorPart part in group.Stored!.Parts)
        {
            int width = part.Columns;
            int first = (int)part.FirstRow;
            ReadOnlySpan<float> direct = part.DirectRows(0, part.Rows);
            if (!direct.IsEmpty)
            {
                Scatter(exact, direct, width, t, rows.Slice(first, part.Rows), result);
                continue;
            }

            if (input.Enabled && part.Scheme == PartScheme.Integer && IntegerRowDots.Takes(part.Bits)
                && IntegerRowDots.Fit(IntegerPaths.Best, part.Bits, part.Block, width) is { } path && input.Prepare(t, path, part.Bits, part.Block))
            {
                MultiplyIntegers(part, path, ref input, chunk, rows.Slice(first, part.Rows), result);
                continue;
            }

            int perChunk = Math.Max(1, chunk.Length / width);
            for (int k = 0; k < part.Rows; k += perChunk)
            {
                int count = Math.Min(perChunk, part.Rows - k);
                Span<float> decoded = chunk[..(count * width)];
                part.DecodeRows(k, count, decoded);
                Scatter(exact, decoded, width, t, rows.Slice(first + k, count), result);
            }
        }
    }

    // Integer rows in runs whose scales fit the float scratch: the scales are converted once per run, the rows read
    // straight from the mapping.
    private static void MultiplyIntegers(FactorPart part, IntegerPath path, scoped ref IntegerInput input, Span<float> scratch, ReadOnlySpan<int> targets, Span<float> result)
    {
        int perRow = part.ScalesPerRow;
        int perRun = Math.Max(1, scratch.Length / perRow);
        ReadOnlySpan<sbyte> x = part.Bits == 4 ? input.Deinterleaved : input.Natural;
        for (int k = 0; k < part.Rows; k += perRun)
        {
            int count = Math.Min(perRun, part.Rows - k);
            Span<float> scales = scratch[..(count * perRow)];
            part.ReadScales(k, count, scales);
            IntegerRowDots.Scatter(path, part.StoredRows(k, count), part.RowBytes, part.Columns, part.Bits, part.Block, scales, x, input.Corrections, input.Scale, targets.Slice(k, count), result);
        }
    }

    private static void Scatter(bool exact, ReadOnlySpan<float> rows, int width, ReadOnlySpan<float> t, ReadOnlySpan<int> targets, Span<float> result)
    {
        if (exact)
        {
            RowDots.ScatterRowByRow(rows, width, t, targets, result);
        }
        else
        {
            RowDots.Scatter(rows, width, t, targets, result);
        }
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"'{Name}' has rows 0 to {Rows - 1}.");
        }
    }
}
