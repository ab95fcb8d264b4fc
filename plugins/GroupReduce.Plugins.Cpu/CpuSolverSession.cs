using System.Diagnostics;
using System.Runtime.InteropServices;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Numerics;
using GroupReduce.Plugins.Cpu.Session;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Plugins.Solving;

namespace GroupReduce.Plugins.Cpu;

/// <summary>
/// The CPU solver on one matrix: weighted Gram matrices (cached per group and updated by the rows that
/// joined or left), top eigenpairs, scoring, projection and error measurement. Row chunks are split
/// between workers by index, never by scheduling, so every result is bitwise identical for any thread count.
/// </summary>
internal sealed unsafe class CpuSolverSession : ISolverSession
{
    // Rows per chunk of the streaming kernels: a worker's chunk and its products stay within L2/L3.
    private const int ChunkRows = 512;

    // Memory for the Grams of one batch of groups whose eigenproblems are solved side by side.
    private const long BatchGramBytes = 256L << 20;

    private readonly IRowMatrix _matrix;
    private readonly double[] _weights;
    private readonly CpuSolverOptions _options;
    private readonly PluginContext _context;
    private readonly KernelCounters _counters;
    private readonly DenseKernels _kernels;
    private readonly GramBuilder _gramBuilder;
    private readonly EigenWorkspace?[] _eigenWorkspaces;
    private readonly Dictionary<int, GroupState> _states = [];
    private readonly List<NativeBuffer<double>> _batchGrams = [];
    private readonly NativeBuffer<float> _stacked = new();
    private readonly PackedMatrix<float> _packed = new();
    private readonly NativeBuffer<float>[] _inputs;
    private readonly NativeBuffer<float>[] _outputs;
    private readonly List<int> _joined = [];
    private readonly List<int> _left = [];
    private long _clock;
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
        _options = options;
        _context = context;
        _counters = counters;
        _kernels = new DenseKernels(options.Path, options.Threads);
        _gramBuilder = new GramBuilder(matrix, rootWeights, _kernels);
        _eigenWorkspaces = new EigenWorkspace?[options.Threads];
        _inputs = new NativeBuffer<float>[options.Threads];
        _outputs = new NativeBuffer<float>[options.Threads];
        for (int t = 0; t < options.Threads; t++)
        {
            _inputs[t] = new NativeBuffer<float>();
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
        // Cached Grams are solved in place and pinned for the batch, so a batch also stays within the cache's size.
        long gramBytes = (long)Columns * Columns * sizeof(double);
        long budget = _options.GramCacheBytes >= gramBytes ? Math.Min(BatchGramBytes, _options.GramCacheBytes) : BatchGramBytes;
        int batchSize = (int)Math.Clamp(budget / gramBytes, 1, groups.Count);
        bool full = EigensolverChoice.Resolve(_options.Eigensolver) == EigensolverKind.Subspace;
        while (_batchGrams.Count < batchSize)
        {
            _batchGrams.Add(new NativeBuffer<double>());
        }

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
                    GroupState state = StateOf(request.GroupId);
                    double* gram = PrepareGram(state, request.Rows.Span, _batchGrams[slot], full, cancellationToken);
                    EnsureFinite(gram, request.GroupId);
                    jobs.Add(new EigenJob(request, state, (nint)gram));

                    // A cached Gram is solved in place, so it must outlive the batch.
                    state.Pinned = true;
                }

                SolveEigen([.. jobs], cancellationToken);
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

            ReleaseFitMemory();
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
        int chunks = (total + ChunkRows - 1) / ChunkRows;
        fixed (int* rowPointer = rows)
        fixed (float* projectedPointer = projected)
        fixed (float* normsPointer = rowNormsSquared)
        {
            int* rowsAt = rowPointer;
            float* projectedAt = projectedPointer;
            float* normsAt = normsPointer;
            ChunkStream.Run(
                _kernels.Runner,
                chunks,
                ChunkRows,
                total,
                (worker, chunk) =>
                {
                    int first = chunk * ChunkRows;
                    int n = Math.Min(ChunkRows, total - first);
                    ScoreChunk(worker, rowsAt + first, n, width, offsets, projectedAt + ((long)first * count), normsAt + first);
                },
                progress,
                "score",
                cancellationToken);
        }

        _counters.Add(KernelCounters.Score, (2.0 * total * d * width) + (2.0 * total * (d + width)), watch.Elapsed);
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
        int chunks = (total + ChunkRows - 1) / ChunkRows;
        fixed (int* rowPointer = rows)
        fixed (float* coefficientPointer = coefficients)
        {
            int* rowsAt = rowPointer;
            float* output = coefficientPointer;
            ChunkStream.Run(
                _kernels.Runner,
                chunks,
                ChunkRows,
                total,
                (worker, chunk) =>
                {
                    int first = chunk * ChunkRows;
                    ProjectChunk(worker, rowsAt + first, Math.Min(ChunkRows, total - first), rank, output + ((long)first * rank));
                },
                null,
                "project",
                cancellationToken);
        }

        _counters.Add(KernelCounters.Project, 2.0 * total * d * rank, watch.Elapsed);
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
        int chunks = (total + ChunkRows - 1) / ChunkRows;
        var partial = new double[chunks * 4];
        fixed (int* rowPointer = rows)
        fixed (float* coefficientPointer = coefficients)
        fixed (double* partialPointer = partial)
        {
            int* rowsAt = rowPointer;
            float* coefficientsAt = coefficientPointer;
            double* sums = partialPointer;
            ChunkStream.Run(
                _kernels.Runner,
                chunks,
                ChunkRows,
                total,
                (worker, chunk) =>
                {
                    int first = chunk * ChunkRows;
                    MeasureChunk(worker, rowsAt + first, Math.Min(ChunkRows, total - first), coefficientsAt + ((long)first * rank), rank, dense, sums + (chunk * 4));
                },
                null,
                "error",
                cancellationToken);
        }

        // Chunk sums are combined in chunk order, whichever worker produced them.
        double weightedError = 0, weightedNorm = 0, error = 0, norm = 0;
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            weightedError += partial[(chunk * 4) + 0];
            weightedNorm += partial[(chunk * 4) + 1];
            error += partial[(chunk * 4) + 2];
            norm += partial[(chunk * 4) + 3];
        }

        _counters.Add(KernelCounters.Error, (dense ? 0 : 2.0 * total * d * rank) + (5.0 * total * d), watch.Elapsed);
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
        foreach (GroupState state in _states.Values)
        {
            state.Dispose();
        }

        _states.Clear();
        _kernels.Dispose();
        _gramBuilder.Dispose();
        foreach (EigenWorkspace? workspace in _eigenWorkspaces)
        {
            workspace?.Dispose();
        }

        foreach (NativeBuffer<double> buffer in _batchGrams)
        {
            buffer.Dispose();
        }

        _stacked.Dispose();
        _packed.Dispose();
        foreach (NativeBuffer<float> buffer in _inputs)
        {
            buffer.Dispose();
        }

        foreach (NativeBuffer<float> buffer in _outputs)
        {
            buffer.Dispose();
        }
    }

    private GroupState StateOf(int groupId)
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
    private double* PrepareGram(GroupState state, ReadOnlySpan<int> rows, NativeBuffer<double> target, bool full, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        int d = Columns;
        long size = (long)d * d;
        bool cacheable = _options.GramCacheBytes >= size * sizeof(double);
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
                    flops += _gramBuilder.Accumulate(CollectionsMarshal.AsSpan(_joined), upper, 1.0, cancellationToken);
                    flops += _gramBuilder.Accumulate(CollectionsMarshal.AsSpan(_left), upper, -1.0, cancellationToken);
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
            MakeRoomForGram(state, size * sizeof(double));
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

    private double Recompute(double* upper, ReadOnlySpan<int> rows, CancellationToken cancellationToken)
    {
        long size = (long)Columns * Columns;
        new Span<double>(upper, (int)size).Clear();
        return _gramBuilder.Accumulate(rows, upper, 1.0, cancellationToken);
    }

    private void MakeRoomForGram(GroupState incoming, long bytes)
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

            if (cached + bytes <= _options.GramCacheBytes || oldest is null)
            {
                return;
            }

            oldest.ReleaseGram();
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

    /// <summary>Frees what only a fit needs (batch Grams, eigensolver buffers); scoring between fits needs none of it.</summary>
    private void ReleaseFitMemory()
    {
        foreach (NativeBuffer<double> buffer in _batchGrams)
        {
            buffer.Release();
        }

        for (int worker = 0; worker < _eigenWorkspaces.Length; worker++)
        {
            _eigenWorkspaces[worker]?.Dispose();
            _eigenWorkspaces[worker] = null;
        }
    }

    private void SolveEigen(EigenJob[] jobs, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        double flops = 0;
        if (jobs.Length == 1)
        {
            // A lone eigenproblem gets every worker for its products.
            flops = SolveEigen(jobs[0], WorkerGemm.All(_kernels), EigenWorkspaceOf(0), cancellationToken);
        }
        else
        {
            // Workers take the largest ranks first so the batch ends evenly; which worker solves a job never
            // changes its result.
            int[] order = [.. Enumerable.Range(0, jobs.Length).OrderByDescending(index => jobs[index].Request.Rank).ThenBy(index => index)];
            var spent = new double[jobs.Length];
            int next = -1;
            _kernels.Runner.Run(Math.Min(_kernels.Threads, jobs.Length), worker =>
            {
                EigenWorkspace workspace = EigenWorkspaceOf(worker);
                for (int taken = Interlocked.Increment(ref next); taken < jobs.Length; taken = Interlocked.Increment(ref next))
                {
                    int index = order[taken];
                    spent[index] = SolveEigen(jobs[index], WorkerGemm.On(_kernels, worker), workspace, cancellationToken);
                }
            });
            foreach (double value in spent)
            {
                flops += value;
            }
        }

        _counters.Add(KernelCounters.Eigen, flops, watch.Elapsed, jobs.Length);
    }

    private EigenWorkspace EigenWorkspaceOf(int worker) => _eigenWorkspaces[worker] ??= new EigenWorkspace();

    private double SolveEigen(EigenJob job, WorkerGemm gemm, EigenWorkspace workspace, CancellationToken cancellationToken)
    {
        int d = Columns;
        int rank = job.Request.Rank;
        GroupState state = job.State;
        double* gram = job.GramPointer;
        EigensolverKind kind = EigensolverChoice.Resolve(_options.Eigensolver);
        EigenResult? result = null;
        double unconverged = 0;
        if (kind == EigensolverKind.Subspace)
        {
            ulong seed = (ulong)_options.Seed ^ ((ulong)(uint)state.GroupId * 0x9E3779B97F4A7C15UL);
            result = workspace.Subspace.Solve(gemm, gram, d, rank, state.Block, state.BlockColumns, seed, _options.Tolerance, _options.MaxIterations, cancellationToken, out unconverged);
            if (result is null)
            {
                job.Note = $"cpu solver: subspace iteration for group {state.GroupId} of '{_matrix.Name}' did not reach tolerance {_options.Tolerance} in {_options.MaxIterations} iterations; used the full decomposition";
            }
        }

        if (result is null)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Leave a block for a later warm start only where one may be used.
            bool leaveBlock = kind == EigensolverKind.Subspace;
            int count = leaveBlock ? SubspaceEigensolver.BlockWidth(d, rank) : rank;
            var values = new double[count];
            var vectors = new double[(long)d * count];
            SolveDense(workspace.Dense, gemm, gram, d, count, values, vectors, state.GroupId, cancellationToken);
            double[] top = values;
            double[] topVectors = vectors;
            if (count > rank)
            {
                top = values[..rank];
                topVectors = new double[(long)d * rank];
                for (int i = 0; i < d; i++)
                {
                    Array.Copy(vectors, (long)i * count, topVectors, (long)i * rank, rank);
                }
            }

            result = new EigenResult(top, topVectors, leaveBlock ? vectors : [], leaveBlock ? count : 0, unconverged + SymmetricEigensolver.NominalFlops(d, count), 0, true);
        }

        state.Block = result.Block;
        state.BlockColumns = result.BlockColumns;
        job.Result = result;
        return result.FloatingPointOperations;
    }

    private void SolveDense(SymmetricEigensolver solver, WorkerGemm gemm, double* gram, int d, int count, double[] values, double[] vectors, int groupId, CancellationToken cancellationToken)
    {
        try
        {
            fixed (double* target = vectors)
            {
                solver.Solve(gemm, gram, d, count, values, target, cancellationToken);
            }
        }
        catch (ArithmeticException error)
        {
            throw SolverFailures.EigenFailed(groupId, _matrix.Name, error);
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

    private void ScoreChunk(int worker, int* rowList, int n, int width, int[] offsets, float* projected, float* norms)
    {
        // Listed rows come in long consecutive runs: read those straight from the mapping.
        if (TryView(rowList, n, out ReadOnlySpan<float> view))
        {
            fixed (float* rows = view)
            {
                ScoreLoadedRows(worker, rows, n, width, offsets, projected, norms);
            }
        }
        else
        {
            ScoreLoadedRows(worker, Gather(worker, rowList, n), n, width, offsets, projected, norms);
        }
    }

    private void ProjectChunk(int worker, int* rowList, int n, int rank, float* output)
    {
        int d = Columns;
        if (TryView(rowList, n, out ReadOnlySpan<float> view))
        {
            fixed (float* rows = view)
            {
                _kernels.MultiplyPacked(worker, new MatrixView<float>(rows, n, d, d), _packed, output, rank);
            }
        }
        else
        {
            _kernels.MultiplyPacked(worker, new MatrixView<float>(Gather(worker, rowList, n), n, d, d), _packed, output, rank);
        }
    }

    /// <summary>A view of the listed rows when they are consecutive and the matrix has a direct view.</summary>
    private bool TryView(int* rowList, int n, out ReadOnlySpan<float> view)
    {
        long first = rowList[0];
        if (rowList[n - 1] - first == n - 1)
        {
            return _matrix.TryGetRows(first, n, out view);
        }

        view = default;
        return false;
    }

    /// <summary>Copies the listed rows into the worker's input buffer.</summary>
    private float* Gather(int worker, int* rowList, int n)
    {
        float* rows = _inputs[worker].Ensure((long)n * Columns);
        RowCopier.Gather(_matrix, new ReadOnlySpan<int>(rowList, n), rows);
        return rows;
    }

    private void ScoreLoadedRows(int worker, float* rows, int n, int width, int[] offsets, float* projected, float* norms)
    {
        int d = Columns;
        int count = offsets.Length - 1;
        float* scores = null;
        if (width > 0)
        {
            scores = _outputs[worker].Ensure((long)n * width);
            _kernels.MultiplyPacked(worker, new MatrixView<float>(rows, n, d, d), _packed, scores, width);
        }

        for (int i = 0; i < n; i++)
        {
            norms[i] = (float)SquareSums.Of(rows + ((long)i * d), d);
            if (width > 0)
            {
                SquareSums.PerBlock(scores + ((long)i * width), offsets, projected + ((long)i * count));
            }
        }
    }

    private void MeasureChunk(int worker, int* rows, int n, float* coefficients, int rank, bool dense, double* sums)
    {
        if (TryView(rows, n, out ReadOnlySpan<float> view))
        {
            fixed (float* input = view)
            {
                MeasureLoadedRows(worker, rows, input, n, coefficients, rank, dense, sums);
            }
        }
        else
        {
            MeasureLoadedRows(worker, rows, Gather(worker, rows, n), n, coefficients, rank, dense, sums);
        }
    }

    private void MeasureLoadedRows(int worker, int* rows, float* input, int n, float* coefficients, int rank, bool dense, double* sums)
    {
        int d = Columns;
        float* approximation = coefficients;
        nint stride = d;
        if (!dense)
        {
            // Rows of d = 1024 floats lie 4 KiB apart and share cache sets: pad the kernel's output rows.
            stride = PaddedStride.Of<float>(d);
            approximation = _outputs[worker].Ensure(n * stride);
            _kernels.MultiplyPacked(worker, new MatrixView<float>(coefficients, n, rank, rank), _packed, approximation, stride);
        }

        double weightedError = 0, weightedNorm = 0, error = 0, norm = 0;
        for (int i = 0; i < n; i++)
        {
            float* a = input + ((long)i * d);
            double rowError = SquareSums.OfDifference(a, approximation + (i * stride), d);
            double rowNorm = SquareSums.Of(a, d);
            double weight = _weights[rows[i]];
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
