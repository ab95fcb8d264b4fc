using System.Diagnostics;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Numerics;
using GroupReduce.Plugins.Cpu.Session;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Plugins.Solving;

namespace GroupReduce.Plugins.Cpu;

/// <summary>
/// The CPU solver on one matrix: weighted Gram matrices (cached per group by <see cref="GramCache"/>), top eigenpairs
/// (solved in batches by <see cref="EigenBatch"/>), scoring, projection and error measurement (streamed in row chunks
/// by <see cref="RowChunkLoop"/>). Row chunks are split between workers by index, never by scheduling, so every result
/// is bitwise identical for any thread count.
/// </summary>
internal sealed unsafe class CpuSolverSession : ISolverSession
{
    private readonly IRowMatrix _matrix;
    private readonly double[] _weights;
    private readonly PluginContext _context;
    private readonly KernelCounters _counters;
    private readonly DenseKernels _kernels;
    private readonly GramCache _grams;
    private readonly EigenBatch _eigen;
    private readonly RowChunkLoop _chunks;
    private readonly NativeBuffer<float> _stacked = new();
    private readonly PackedMatrix<float> _packed = new();
    private readonly NativeBuffer<float>[] _outputs;
    private bool _disposed;

    /// <summary>Opens the session.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="weights">One positive weight per row.</param>
    /// <param name="options">Solver options.</param>
    /// <param name="context">The host context.</param>
    /// <param name="counters">Where kernel statistics go.</param>
    public CpuSolverSession(IRowMatrix matrix, ReadOnlyMemory<double> weights, CpuSolverOptions options, PluginContext context, KernelCounters counters)
    {
        float[] rootWeights = SessionContracts.RootWeights(matrix, weights, out _weights);
        _matrix = matrix;
        _context = context;
        _counters = counters;
        _kernels = new DenseKernels(options.Path, options.Threads);
        _grams = new GramCache(matrix, rootWeights, _kernels, options.GramCacheBytes, counters);
        _eigen = new EigenBatch(matrix, options, _kernels, counters);
        _chunks = new RowChunkLoop(matrix, _kernels.Runner);
        _outputs = new NativeBuffer<float>[options.Threads];
        for (int t = 0; t < options.Threads; t++)
        {
            _outputs[t] = new NativeBuffer<float>();
        }
    }

    private int Columns => _matrix.Columns;

    /// <inheritdoc />
    public IReadOnlyList<GroupBasis> FitBases(IReadOnlyList<GroupFitRequest> groups, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(groups);
        long totalRows = SessionContracts.CheckFitRequests(_matrix, groups);
        var results = new GroupBasis[groups.Count];
        long done = 0;

        // Grams are built one group at a time on all workers; then the batch's eigenproblems are solved side by
        // side, one per worker. Each result depends only on its own Gram, never on the batch or the schedule.
        int batchSize = _eigen.Size(groups.Count, _grams);
        bool full = _eigen.NeedsFullGram;
        var jobs = new List<EigenJob>(batchSize);
        try
        {
            for (int first = 0; first < groups.Count; first += batchSize)
            {
                int count = Math.Min(batchSize, groups.Count - first);
                jobs.Clear();
                for (int slot = 0; slot < count; slot++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    GroupFitRequest request = groups[first + slot];
                    GroupState state = _grams.StateOf(request.GroupId);
                    double* gram = _grams.Prepare(state, request.Rows.Span, _eigen.GramBuffer(slot), full, cancellationToken);
                    EnsureFinite(gram, request.GroupId);
                    jobs.Add(new EigenJob(request, state, (nint)gram));

                    // A cached Gram is solved in place, so it must outlive the batch.
                    state.Pinned = true;
                }

                _eigen.Solve([.. jobs], cancellationToken);
                for (int slot = 0; slot < count; slot++)
                {
                    EigenJob job = jobs[slot];
                    if (job.Note is not null)
                    {
                        _context.Log.Info(job.Note);
                    }

                    results[first + slot] = ToBasis(job.Request.GroupId, job.GramPointer, job.Result!);
                    job.State.Pinned = false;
                    done += job.Request.Rows.Length;
                    progress?.Report(new SolverProgress("fit", done, totalRows));
                }
            }
        }
        finally
        {
            foreach (EigenJob job in jobs)
            {
                job.State.Pinned = false;
            }

            _eigen.Release();
        }

        return results;
    }

    /// <inheritdoc />
    public void ScoreRows(IReadOnlyList<GroupBasis> bases, ReadOnlySpan<int> rows, Span<float> projected, Span<float> rowNormsSquared, IProgress<SolverProgress>? progress, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(bases);
        int[] offsets = SessionContracts.CheckScoreRows(_matrix, bases, rows, projected, rowNormsSquared);
        int total = rows.Length;
        int count = bases.Count;
        int d = Columns;
        int width = offsets[count];
        StackBases(bases, offsets);
        var watch = Stopwatch.StartNew();
        _chunks.Run(rows, default, 0, projected, count, rowNormsSquared, (worker, chunk) => ScoreChunk(worker, chunk, width, offsets), progress, "score", cancellationToken);
        _counters.Add(KernelCounters.Score, KernelCounters.ScoreFlops(total, d, width), watch.Elapsed);
    }

    /// <inheritdoc />
    public void Project(ReadOnlySpan<int> rows, GroupBasis basis, Span<float> coefficients, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(basis);
        SessionContracts.CheckProject(_matrix, rows, basis, coefficients);
        int rank = basis.Rank;
        int d = Columns;

        var watch = Stopwatch.StartNew();
        fixed (float* vectors = basis.Vectors)
        {
            _kernels.Pack(new MatrixView<float>(vectors, d, rank, rank), _packed);
        }

        int total = rows.Length;
        _chunks.Run(
            rows,
            default,
            0,
            coefficients,
            rank,
            default,
            (worker, chunk) => _kernels.MultiplyPacked(worker, new MatrixView<float>(chunk.Values, chunk.Count, d, d), _packed, chunk.Output, rank),
            null,
            "project",
            cancellationToken);
        _counters.Add(KernelCounters.Project, KernelCounters.ProjectFlops(total, d, rank), watch.Elapsed);
    }

    /// <inheritdoc />
    public ReconstructionError MeasureError(ReadOnlySpan<int> rows, ReadOnlySpan<float> coefficients, ReadOnlySpan<float> basis, int rank, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool dense = SessionContracts.CheckMeasureError(_matrix, rows, coefficients, basis, rank);
        int d = Columns;

        var watch = Stopwatch.StartNew();
        if (!dense)
        {
            fixed (float* basisPointer = basis)
            {
                // â = c · Bᵀ: the logical B operand is the transpose of the stored d x rank basis.
                _kernels.Pack(new MatrixView<float>(basisPointer, d, rank, rank).Transpose(), _packed);
            }
        }

        int total = rows.Length;
        int chunks = RowChunkLoop.ChunksOf(total);
        var partial = new double[chunks * 4];
        _chunks.Run(rows, coefficients, rank, default, 0, default, (worker, chunk) => MeasureChunk(worker, chunk, rank, dense, partial.AsSpan(chunk.Index * 4, 4)), null, "error", cancellationToken);

        // Chunk sums are combined in chunk order, whichever worker produced them.
        double weightedError = 0, weightedNorm = 0, error = 0, norm = 0;
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            weightedError += partial[(chunk * 4) + 0];
            weightedNorm += partial[(chunk * 4) + 1];
            error += partial[(chunk * 4) + 2];
            norm += partial[(chunk * 4) + 3];
        }

        _counters.Add(KernelCounters.Error, KernelCounters.ErrorFlops(total, d, rank, dense), watch.Elapsed);
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
        _grams.Dispose();
        _eigen.Dispose();
        _chunks.Dispose();
        _kernels.Dispose();
        _stacked.Dispose();
        _packed.Dispose();
        foreach (NativeBuffer<float> buffer in _outputs)
        {
            buffer.Dispose();
        }
    }

    private void EnsureFinite(double* gram, int groupId)
    {
        int d = Columns;
        for (int i = 0; i < d; i++)
        {
            double* row = gram + ((long)i * d);
            for (int j = i; j < d; j++)
            {
                if (!double.IsFinite(row[j]))
                {
                    throw SolverFailures.GramNotFinite(groupId, _matrix.Name);
                }
            }
        }
    }

    private GroupBasis ToBasis(int groupId, double* gram, EigenResult eigen)
    {
        int d = Columns;
        double trace = 0;
        for (int i = 0; i < d; i++)
        {
            trace += gram[((long)i * d) + i];
        }

        return GroupBases.From(groupId, _matrix.Name, d, trace, eigen.Values, eigen.Vectors);
    }

    private void StackBases(IReadOnlyList<GroupBasis> bases, int[] offsets)
    {
        int d = Columns;
        int width = offsets[^1];
        if (width == 0)
        {
            return;
        }

        float* stacked = _stacked.Ensure((long)d * width);
        for (int g = 0; g < bases.Count; g++)
        {
            GroupBasis basis = bases[g];
            int rank = basis.Rank;
            for (int j = 0; j < d; j++)
            {
                basis.Vectors.AsSpan(j * rank, rank).CopyTo(new Span<float>(stacked + ((long)j * width) + offsets[g], rank));
            }
        }

        _kernels.Pack(new MatrixView<float>(stacked, d, width, width), _packed);
    }

    private void ScoreChunk(int worker, RowChunk chunk, int width, int[] offsets)
    {
        int d = Columns;
        int count = offsets.Length - 1;
        float* rows = chunk.Values;
        float* scores = null;
        if (width > 0)
        {
            scores = _outputs[worker].Ensure((long)chunk.Count * width);
            _kernels.MultiplyPacked(worker, new MatrixView<float>(rows, chunk.Count, d, d), _packed, scores, width);
        }

        for (int i = 0; i < chunk.Count; i++)
        {
            chunk.PerRow[i] = (float)SquareSums.Of(rows + ((long)i * d), d);
            if (width > 0)
            {
                SquareSums.PerBlock(scores + ((long)i * width), offsets, chunk.Output + ((long)i * count));
            }
        }
    }

    private void MeasureChunk(int worker, RowChunk chunk, int rank, bool dense, Span<double> sums)
    {
        int d = Columns;
        int n = chunk.Count;
        float* approximation = chunk.Input;
        nint stride = d;
        if (!dense)
        {
            // Rows of d = 1024 floats lie 4 KiB apart and share cache sets: pad the kernel's output rows.
            stride = PaddedStride.Of<float>(d);
            approximation = _outputs[worker].Ensure(n * stride);
            _kernels.MultiplyPacked(worker, new MatrixView<float>(chunk.Input, n, rank, rank), _packed, approximation, stride);
        }

        double weightedError = 0, weightedNorm = 0, error = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            float* a = chunk.Values + ((long)i * d);
            double rowError = SquareSums.OfDifference(a, approximation + (i * stride), d);
            double rowNorm = SquareSums.Of(a, d);
            double weight = _weights[chunk.Rows[i]];
            weightedError += weight * rowError;
            weightedNorm += weight * rowNorm;
            error += rowError;
            norm += rowNorm;
        }

        sums[0] = weightedError;
        sums[1] = weightedNorm;
        sums[2] = error;
        sums[3] = norm;
    }
}
