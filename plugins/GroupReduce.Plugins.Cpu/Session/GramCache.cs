using System.Diagnostics;
using System.Runtime.InteropServices;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Plugins.Solving;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>
/// The session's groups and their weighted Gram matrices, kept between fits up to a byte budget and evicted least
/// recently used first. A cached Gram is brought up to date by the rows that joined or left the group since it was
/// built, which is much cheaper than rebuilding it when a refinement pass moves only a few rows.
/// </summary>
internal sealed unsafe class GramCache : IDisposable
{
    private readonly int _columns;
    private readonly long _capacityBytes;
    private readonly KernelCounters _counters;
    private readonly GramBuilder _builder;
    private readonly Dictionary<int, GroupState> _states = [];
    private readonly List<int> _joined = [];
    private readonly List<int> _left = [];
    private long _clock;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="rootWeights"><c>√w_i</c> per row.</param>
    /// <param name="kernels">The kernels that build the Grams.</param>
    /// <param name="capacityBytes">The most bytes the cached Grams may hold; a Gram larger than this is never cached.</param>
    /// <param name="counters">Where Gram statistics go.</param>
    public GramCache(IRowMatrix matrix, float[] rootWeights, DenseKernels kernels, long capacityBytes, KernelCounters counters)
    {
        _columns = matrix.Columns;
        _capacityBytes = capacityBytes;
        _counters = counters;
        _builder = new GramBuilder(matrix, rootWeights, kernels);
    }

    /// <summary>The bytes of one Gram (<c>d x d</c> doubles).</summary>
    public long GramBytes => (long)_columns * _columns * sizeof(double);

    /// <summary>Whether Grams are cached at all: the budget holds at least one.</summary>
    public bool Enabled => _capacityBytes >= GramBytes;

    /// <summary>The state of a group, created when it is first seen, and marked as the most recently used.</summary>
    /// <param name="groupId">The group.</param>
    /// <returns>Its state.</returns>
    public GroupState StateOf(int groupId)
    {
        if (!_states.TryGetValue(groupId, out GroupState? state))
        {
            state = new GroupState(groupId);
            _states.Add(groupId, state);
        }

        state.LastUse = ++_clock;
        return state;
    }

    /// <summary>
    /// Brings the group's Gram up to date and returns it: the upper triangle (the cached one itself when it is
    /// cached), or with <paramref name="full"/> a full symmetric copy in <paramref name="target"/>.
    /// </summary>
    /// <param name="state">The group's state.</param>
    /// <param name="rows">The group's rows now.</param>
    /// <param name="target">Space for an uncached Gram or a full copy.</param>
    /// <param name="full">Whether the caller needs both triangles.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <returns>The Gram, valid until the next call for this group or until it is evicted.</returns>
    public double* Prepare(GroupState state, ReadOnlySpan<int> rows, NativeBuffer<double> target, bool full, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        int d = _columns;
        long size = (long)d * d;
        bool cacheable = Enabled;
        double flops = 0;
        double* upper;
        if (cacheable && state.HasGram)
        {
            upper = state.Gram.Pointer;
            RowSetDifference.Compute(state.Rows, rows, _joined, _left);
            long changes = _joined.Count + _left.Count;
            try
            {
                if (changes > 0 && changes < rows.Length && state.UpdatedRows + changes <= rows.Length)
                {
                    flops += _builder.Accumulate(CollectionsMarshal.AsSpan(_joined), upper, 1.0, cancellationToken);
                    flops += _builder.Accumulate(CollectionsMarshal.AsSpan(_left), upper, -1.0, cancellationToken);
                    state.UpdatedRows += changes;
                }
                else if (changes > 0)
                {
                    flops += Recompute(upper, rows, cancellationToken);
                    state.UpdatedRows = 0;
                }
            }
            catch
            {
                // A cancelled or failed update leaves the cached Gram matching no row list: never reuse it.
                state.ReleaseGram();
                throw;
            }
        }
        else if (cacheable)
        {
            MakeRoom(state, size * sizeof(double));
            upper = state.Gram.Ensure(size);
            try
            {
                flops += Recompute(upper, rows, cancellationToken);
            }
            catch
            {
                state.ReleaseGram();
                throw;
            }

            state.UpdatedRows = 0;
            state.HasGram = true;
        }
        else
        {
            upper = target.Ensure(size);
            flops += Recompute(upper, rows, cancellationToken);
        }

        if (cacheable)
        {
            state.Rows = rows.ToArray();
        }

        double* result = upper;
        if (full)
        {
            result = target.Ensure(size);
            for (int i = 0; i < d; i++)
            {
                for (int j = i; j < d; j++)
                {
                    double value = upper[((long)i * d) + j];
                    result[((long)i * d) + j] = value;
                    result[((long)j * d) + i] = value;
                }
            }
        }

        _counters.Add(KernelCounters.Gram, flops, watch.Elapsed);
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (GroupState state in _states.Values)
        {
            state.Dispose();
        }

        _states.Clear();
        _builder.Dispose();
    }

    private double Recompute(double* upper, ReadOnlySpan<int> rows, CancellationToken cancellationToken)
    {
        long size = (long)_columns * _columns;
        new Span<double>(upper, (int)size).Clear();
        return _builder.Accumulate(rows, upper, 1.0, cancellationToken);
    }

    private void MakeRoom(GroupState incoming, long bytes)
    {
        // Least recently used first; the counter makes the choice the same on every run.
        while (true)
        {
            long cached = 0;
            GroupState? oldest = null;
            foreach (GroupState state in _states.Values)
            {
                if (state.HasGram && state != incoming && !state.Pinned)
                {
                    cached += bytes;
                    if (oldest is null || state.LastUse < oldest.LastUse)
                    {
                        oldest = state;
                    }
                }
            }

            if (cached + bytes <= _capacityBytes || oldest is null)
            {
                return;
            }

            oldest.ReleaseGram();
        }
    }
}
