using System.Diagnostics;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Numerics;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Plugins.Solving;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>
/// Solves the eigenproblems of a batch of groups side by side, one per worker, each in its worker's own buffers
/// (a lone problem gets every worker for its products instead). Each result depends only on its own Gram, never on
/// the batch, the worker or the schedule, and log lines are left on the jobs so that they are written in order.
/// </summary>
internal sealed unsafe class EigenBatch : IDisposable
{
    // Memory for the Grams of one batch of groups whose eigenproblems are solved side by side.
    private const long BatchGramBytes = 256L << 20;

    private readonly IRowMatrix _matrix;
    private readonly CpuSolverOptions _options;
    private readonly DenseKernels _kernels;
    private readonly KernelCounters _counters;
    private readonly EigenWorkspace?[] _workspaces;
    private readonly List<NativeBuffer<double>> _grams = [];

    /// <summary>Creates the batch machinery (buffers are taken on first use).</summary>
    /// <param name="matrix">The matrix (its width and name).</param>
    /// <param name="options">Solver options (eigensolver, seed, tolerance, iterations).</param>
    /// <param name="kernels">The kernels and their workers.</param>
    /// <param name="counters">Where eigensolver statistics go.</param>
    public EigenBatch(IRowMatrix matrix, CpuSolverOptions options, DenseKernels kernels, KernelCounters counters)
    {
        _matrix = matrix;
        _options = options;
        _kernels = kernels;
        _counters = counters;
        _workspaces = new EigenWorkspace?[options.Threads];
    }

    /// <summary>Whether the solver wants full symmetric Grams (subspace iteration) rather than upper triangles.</summary>
    public bool NeedsFullGram => Kind == EigensolverKind.Subspace;

    private EigensolverKind Kind => EigensolverChoice.Resolve(_options.Eigensolver);

    /// <summary>
    /// How many groups one batch holds, and makes room for that many Grams: the batch's Grams stay within
    /// <c>BatchGramBytes</c> and, since cached Grams are solved in place and pinned for the batch, within the cache's budget.
    /// </summary>
    /// <param name="groups">Groups to fit (at least one).</param>
    /// <param name="cache">The session's Gram cache.</param>
    /// <returns>The batch size.</returns>
    public int Size(int groups, GramCache cache)
    {
        long budget = cache.Enabled ? Math.Min(BatchGramBytes, _options.GramCacheBytes) : BatchGramBytes;
        int size = (int)Math.Clamp(budget / cache.GramBytes, 1, groups);
        while (_grams.Count < size)
        {
            _grams.Add(new NativeBuffer<double>());
        }

        return size;
    }

    /// <summary>The Gram buffer of a slot of the batch (for Grams the cache does not hold, and full copies).</summary>
    /// <param name="slot">The slot, below the last <see cref="Size"/>.</param>
    /// <returns>The buffer.</returns>
    public NativeBuffer<double> GramBuffer(int slot) => _grams[slot];

    /// <summary>Solves every job, leaving its result, its note and the group's warm start on the job.</summary>
    /// <param name="jobs">The batch.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    public void Solve(EigenJob[] jobs, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        double flops = 0;
        if (jobs.Length == 1)
        {
            // A lone eigenproblem gets every worker for its products.
            flops = Solve(jobs[0], WorkerGemm.All(_kernels), WorkspaceOf(0), cancellationToken);
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
                EigenWorkspace workspace = WorkspaceOf(worker);
                for (int taken = Interlocked.Increment(ref next); taken < jobs.Length; taken = Interlocked.Increment(ref next))
                {
                    int index = order[taken];
                    spent[index] = Solve(jobs[index], WorkerGemm.On(_kernels, worker), workspace, cancellationToken);
                }
            });
            foreach (double value in spent)
            {
                flops += value;
            }
        }

        _counters.Add(KernelCounters.Eigen, flops, watch.Elapsed, jobs.Length);
    }

    /// <summary>Frees what only a fit needs (batch Grams, eigensolver buffers); scoring between fits needs none of it.</summary>
    public void Release()
    {
        foreach (NativeBuffer<double> buffer in _grams)
        {
            buffer.Release();
        }

        for (int worker = 0; worker < _workspaces.Length; worker++)
        {
            _workspaces[worker]?.Dispose();
            _workspaces[worker] = null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (EigenWorkspace? workspace in _workspaces)
        {
            workspace?.Dispose();
        }

        foreach (NativeBuffer<double> buffer in _grams)
        {
            buffer.Dispose();
        }
    }

    private EigenWorkspace WorkspaceOf(int worker) => _workspaces[worker] ??= new EigenWorkspace();

    private double Solve(EigenJob job, WorkerGemm gemm, EigenWorkspace workspace, CancellationToken cancellationToken)
    {
        int d = _matrix.Columns;
        int rank = job.Request.Rank;
        GroupState state = job.State;
        double* gram = job.GramPointer;
        EigensolverKind kind = Kind;
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
}
