using System.Collections.Concurrent;
using System.Diagnostics;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Ilgpu.Device;
using GroupReduce.Plugins.Ilgpu.Session;
using GroupReduce.Plugins.Solving;
using ILGPU;
using ILGPU.Runtime;

namespace GroupReduce.Plugins.Ilgpu;

/// <summary>
/// The ILGPU solver on one matrix. Rows go to the device in chunks (see <see cref="RowLoader"/>); the products run
/// there: weighted Grams (single-precision tiles summed in double across chunks), the scores <c>A · [V_1 … V_c]</c>
/// with their per-group energies and the row norms, projections and reconstruction errors. The small eigenproblems
/// are solved on the host in double. Nothing of the matrix is held in host arrays beyond one chunk.
/// </summary>
internal sealed class IlgpuSolverSession : ISolverSession
{
    // Grams of one FitBases batch held on the host for the eigensolver at once.
    private const long BatchGramBytes = 256L << 20;

    private readonly IRowMatrix _matrix;
    private readonly double[] _weights;
    private readonly float[] _rootWeights;
    private readonly DeviceOps _ops;
    private readonly KernelCounters _counters;
    private readonly IlgpuSolverOptions _options;
    private readonly int _chunkRows;
    private readonly SessionBuffers _buffers;
    private readonly RowLoader _loader;
    private readonly Dictionary<int, CachedBasis> _bases = [];
    private readonly Action<IlgpuSolverSession> _closed;
    private bool _disposed;

    /// <summary>Opens the session.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="weights">One positive weight per row.</param>
    /// <param name="device">The solver's device state.</param>
    /// <param name="options">The solver's options.</param>
    /// <param name="closed">Called once when the session is disposed.</param>
    public IlgpuSolverSession(IRowMatrix matrix, ReadOnlyMemory<double> weights, SolverDeviceState device, IlgpuSolverOptions options, Action<IlgpuSolverSession> closed)
    {
        _rootWeights = SessionContracts.RootWeights(matrix, weights, out _weights);
        _matrix = matrix;
        _ops = device.Ops;
        _counters = device.Counters;
        _options = options;
        _closed = closed;
        _chunkRows = device.ChunkRows(matrix.Columns);
        _buffers = new SessionBuffers(device.Memory);
        _loader = new RowLoader(matrix, _ops, device.Memory, device.ShouldBeResident(matrix), _chunkRows);
    }

    /// <summary>Whether this session keeps its matrix whole on the device.</summary>
    public bool IsResident => _loader.IsResident;

    private int Columns => _matrix.Columns;

    /// <inheritdoc />
    public IReadOnlyList<GroupBasis> FitBases(IReadOnlyList<GroupFitRequest> groups, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(groups);
        long totalRows = SessionContracts.CheckFitRequests(_matrix, groups);
        int d = Columns;
        var results = new GroupBasis[groups.Count];
        long done = 0;
        int batchSize = (int)Math.Clamp(BatchGramBytes / ((long)d * d * sizeof(double)), 1, Math.Max(1, groups.Count));
        var pending = new List<(int Index, double[] Gram)>(batchSize);
        for (int index = 0; index < groups.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GroupFitRequest request = groups[index];
            ReadOnlySpan<int> rows = request.Rows.Span;
            if (_bases.TryGetValue(request.GroupId, out CachedBasis? cached) && cached.Rank == request.Rank && rows.SequenceEqual(cached.Rows))
            {
                results[index] = cached.Basis;
            }
            else
            {
                pending.Add((index, BuildGram(request, cancellationToken)));
            }

            done += rows.Length;
            progress?.Report(new SolverProgress("fit", done, totalRows));
            if (pending.Count == batchSize || (index == groups.Count - 1 && pending.Count > 0))
            {
                SolveBatch(groups, pending, results, cancellationToken);
                pending.Clear();
            }
        }

        return results;
    }

    /// <inheritdoc />
    public void ScoreRows(IReadOnlyList<GroupBasis> bases, ReadOnlySpan<int> rows, Span<float> projected, Span<float> rowNormsSquared, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(bases);
        int[] offsets = SessionContracts.CheckScoreRows(_matrix, bases, rows, projected, rowNormsSquared, spare: 2);
        int total = rows.Length;
        int count = bases.Count;
        int d = Columns;
        int width = offsets[count];

        // The row norms' single range [0, d] follows the groups' offsets.
        offsets[count + 1] = 0;
        offsets[count + 2] = d;
        if (total == 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        ArrayView<float> stacked = _buffers.Operand.View((long)d * Math.Max(width, 1));
        if (width > 0)
        {
            stacked.SubView(0, (long)d * width).CopyFromCPU(Stack(bases, offsets, width));
        }

        ArrayView<int> offsetView = _buffers.Offsets.View(offsets.Length);
        offsetView.CopyFromCPU(offsets);
        int chunk = ChunkFor(Math.Max(d, width));
        for (int first = 0; first < total; first += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunk, total - first);
            ArrayView<float> input = LoadRows(rows, first, n);
            ArrayView<float> norms = _buffers.Norms.View(n);
            _ops.SquareSums(input, offsetView.SubView(count + 1, 2), norms, n, d, 1);
            if (width > 0)
            {
                ArrayView<float> scores = _buffers.Output.View((long)n * width);
                _ops.Multiply(input, stacked, scores, n, width, d);
                ArrayView<float> sums = _buffers.Sums.View((long)n * count);
                _ops.SquareSums(scores, offsetView.SubView(0, count + 1), sums, n, width, count);
                sums.SubView(0, (long)n * count).CopyToCPU(projected.Slice(first * count, n * count));
            }

            norms.SubView(0, n).CopyToCPU(rowNormsSquared.Slice(first, n));
            progress?.Report(new SolverProgress("score", first + n, total));
        }

        _counters.Add(KernelCounters.Score, KernelCounters.ScoreFlops(total, d, width), clock.Elapsed);
    }

    /// <inheritdoc />
    public void Project(ReadOnlySpan<int> rows, GroupBasis basis, Span<float> coefficients, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(basis);
        SessionContracts.CheckProject(_matrix, rows, basis, coefficients);
        int rank = basis.Rank;
        int d = Columns;

        if (rows.IsEmpty)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        ArrayView<float> vectors = _buffers.Operand.View((long)d * rank);
        vectors.CopyFromCPU(basis.Vectors);
        int chunk = ChunkFor(Math.Max(d, rank));
        for (int first = 0; first < rows.Length; first += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunk, rows.Length - first);
            ArrayView<float> input = LoadRows(rows, first, n);
            ArrayView<float> output = _buffers.Output.View((long)n * rank);
            _ops.Multiply(input, vectors, output, n, rank, d);
            output.SubView(0, (long)n * rank).CopyToCPU(coefficients.Slice(first * rank, n * rank));
        }

        _counters.Add(KernelCounters.Project, KernelCounters.ProjectFlops(rows.Length, d, rank), clock.Elapsed);
    }

    /// <inheritdoc />
    public ReconstructionError MeasureError(ReadOnlySpan<int> rows, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> basis, int rank, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool dense = SessionContracts.CheckMeasureError(_matrix, rows, coefficients, basis, rank);
        int d = Columns;

        if (rows.IsEmpty)
        {
            return default;
        }

        var clock = Stopwatch.StartNew();
        ArrayView<float> transposed = default;
        if (!dense)
        {
            // â = c · Bᵀ: the right operand is the transpose of the stored d x rank basis.
            var bt = new float[rank * d];
            for (int j = 0; j < d; j++)
            {
                for (int k = 0; k < rank; k++)
                {
                    bt[(k * d) + j] = basis[(j * rank) + k];
                }
            }

            transposed = _buffers.Operand.View((long)rank * d);
            transposed.CopyFromCPU(bt);
        }

        int chunk = ChunkFor(d);
        var perRow = new double[2 * Math.Min(chunk, rows.Length)];
        double weightedError = 0, weightedNorm = 0, error = 0, norm = 0;
        for (int first = 0; first < rows.Length; first += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunk, rows.Length - first);
            ArrayView<float> input = LoadRows(rows, first, n);
            ArrayView<float> approximation = _buffers.Output.View((long)n * d);
            if (dense)
            {
                approximation.SubView(0, (long)n * d).CopyFromCPU(coefficients.Slice(first * d, n * d));
            }
            else
            {
                ArrayView<float> given = _buffers.Scaled.View((long)n * rank);
                given.SubView(0, (long)n * rank).CopyFromCPU(coefficients.Slice(first * rank, n * rank));
                _ops.Multiply(given, transposed, approximation, n, d, rank);
            }

            ArrayView<double> errors = _buffers.Errors.View(2L * n);
            _ops.RowErrors(input, approximation, errors, n, d);
            errors.SubView(0, 2L * n).CopyToCPU(perRow.AsSpan(0, 2 * n));

            // Rows are summed in row order, whatever the device did in parallel.
            for (int i = 0; i < n; i++)
            {
                double weight = _weights[rows[first + i]];
                weightedError += weight * perRow[2 * i];
                weightedNorm += weight * perRow[(2 * i) + 1];
                error += perRow[2 * i];
                norm += perRow[(2 * i) + 1];
            }
        }

        _counters.Add(KernelCounters.Error, KernelCounters.ErrorFlops(rows.Length, d, rank, dense), clock.Elapsed);
        return new ReconstructionError(weightedError, weightedNorm, error, norm);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _loader.Dispose();
        _buffers.Dispose();
        _bases.Clear();
        _closed(this);
    }

    /// <summary>The group's weighted Gram, summed on the device over chunks of its rows, as a full symmetric host matrix.</summary>
    private double[] BuildGram(GroupFitRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int d = Columns;
        ReadOnlySpan<int> rows = request.Rows.Span;
        ArrayView<double> gram = _buffers.Gram.View((long)d * d);
        gram.MemSetToZero();
        int chunk = ChunkFor(d);
        var factors = new float[Math.Min(chunk, rows.Length)];
        for (int first = 0; first < rows.Length; first += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(chunk, rows.Length - first);
            ArrayView<float> input = LoadRows(rows, first, n);
            for (int i = 0; i < n; i++)
            {
                factors[i] = _rootWeights[rows[first + i]];
            }

            ArrayView<float> factorView = _buffers.Factors.View(n);
            factorView.SubView(0, n).CopyFromCPU(factors.AsSpan(0, n));
            ArrayView<float> scaled = _buffers.Scaled.View((long)n * d);
            _ops.ScaleRows(input, factorView, scaled, n, d);
            ArrayView<float> partials = _buffers.Partials.View((long)_ops.GramSplits(n, d) * d * d);
            int splits = _ops.GramPartials(scaled, partials, n, d);
            _ops.Accumulate(partials, gram, d, splits);
        }

        var result = new double[d * d];
        gram.SubView(0, (long)d * d).CopyToCPU(result);

        // Only the upper tiles were computed: mirror them, and check what the eigensolver will read.
        for (int i = 0; i < d; i++)
        {
            for (int j = i; j < d; j++)
            {
                double value = result[(i * d) + j];
                if (!double.IsFinite(value))
                {
                    throw SolverFailures.GramNotFinite(request.GroupId, _matrix.Name);
                }

                result[(j * d) + i] = value;
            }
        }

        _counters.Add(KernelCounters.Gram, (double)rows.Length * d * (d + 1), clock.Elapsed);
        return result;
    }

    private void SolveBatch(IReadOnlyList<GroupFitRequest> groups, List<(int Index, double[] Gram)> pending, GroupBasis[] results, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int d = Columns;
        var solved = new GroupBasis[pending.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Threads, CancellationToken = cancellationToken };

        // Each eigenproblem depends only on its own Gram, so the schedule never changes a result. Each task keeps one
        // workspace for all the groups it takes; the bag frees them all, even when a solve throws.
        var workspaces = new ConcurrentBag<GramEigenWorkspace>();
        try
        {
            Parallel.For(
                0,
                pending.Count,
                parallel,
                () =>
                {
                    var workspace = new GramEigenWorkspace();
                    workspaces.Add(workspace);
                    return workspace;
                },
                (slot, _, workspace) =>
                {
                    GroupFitRequest request = groups[pending[slot].Index];
                    solved[slot] = GramEigen.Solve(workspace, request.GroupId, _matrix.Name, pending[slot].Gram, d, request.Rank, cancellationToken);
                    return workspace;
                },
                _ => { });
        }
        finally
        {
            foreach (GramEigenWorkspace workspace in workspaces)
            {
                workspace.Dispose();
            }
        }

        for (int slot = 0; slot < pending.Count; slot++)
        {
            GroupFitRequest request = groups[pending[slot].Index];
            results[pending[slot].Index] = solved[slot];
            _bases[request.GroupId] = new CachedBasis(request.Rows.ToArray(), request.Rank, solved[slot]);
        }

        double flops = 0;
        foreach ((int index, _) in pending)
        {
            flops += GramEigen.NominalFlops(d, groups[index].Rank);
        }

        _counters.Add(KernelCounters.Eigen, flops, clock.Elapsed, pending.Count);
    }

    /// <summary>Rows per chunk for products <paramref name="width"/> wide: the session's chunk, kept within 32-bit device indices.</summary>
    private int ChunkFor(int width) => (int)Math.Max(1, Math.Min(_chunkRows, (int.MaxValue - 1L) / Math.Max(1, width)));

    /// <summary>Rows <c>first .. first + n</c> of <paramref name="rows"/>, loaded into the device's row buffer.</summary>
    private ArrayView<float> LoadRows(ReadOnlySpan<int> rows, int first, int n)
    {
        ArrayView<float> input = _buffers.Rows.View((long)n * Columns);
        _loader.Load(rows.Slice(first, n), input);
        return input;
    }

    private float[] Stack(IReadOnlyList<GroupBasis> bases, int[] offsets, int width)
    {
        int d = Columns;
        var stacked = new float[d * width];
        for (int g = 0; g < bases.Count; g++)
        {
            GroupBasis basis = bases[g];
            int rank = basis.Rank;
            for (int j = 0; j < d; j++)
            {
                basis.Vectors.AsSpan(j * rank, rank).CopyTo(stacked.AsSpan((j * width) + offsets[g], rank));
            }
        }

        return stacked;
    }
}
