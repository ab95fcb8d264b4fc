using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Budget;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Matrices;
using GroupReduce.Core.Plugins;

namespace GroupReduce.Core.LowRank;

/// <summary>
/// Drives the partitioner and the solver for one <see cref="PartitionProblem"/>: the initial grouping,
/// rank allocation and bases, and the scoring that refinement needs. Every plugin answer is checked
/// (shapes, ranges, finiteness, budget) before the pipeline trusts it.
/// </summary>
internal sealed class LowRankFitter : IDisposable
{
    private readonly PartitionProblem _problem;
    private readonly PluginSet _plugins;
    private readonly IRunObserver _observer;
    private readonly CancellationToken _cancellationToken;
    private readonly double[] _weights;
    private ISolverSession[]? _sessions;

    // Full-rank bases fitted for spectrum allocation, by matrix and group, with the rows they were fitted on and (under
    // quantizer: auto) each encoding's measured error: a later fit of the same rows at a lower rank is their leading
    // columns, so it costs no second eigensolve, and a group whose rows did not move is not measured again.
    private (int[] Rows, GroupBasis Basis, IReadOnlyList<GroupQuantizationError>? Quantization)?[][]? _fullBases;

    /// <summary>Creates the fitter; solver sessions open on first use, so planning touches the solver only when the partitioner allocates from the groups' spectra.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="plugins">The plugins.</param>
    /// <param name="weights">The row weights the bases are fitted with (frequencies, or ones for plain SVD).</param>
    /// <param name="observer">Progress.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    public LowRankFitter(PartitionProblem problem, PluginSet plugins, double[] weights, IRunObserver observer, CancellationToken cancellationToken)
    {
        _problem = problem;
        _plugins = plugins;
        _weights = weights;
        _observer = observer;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The row weights the bases are fitted with, which refinement's scores use too.</summary>
    public double[] Weights => _weights;

    public IReadOnlyList<ISolverSession> Sessions => _sessions ??= OpenSessions(_problem, _plugins, _weights);

    public static ISolverSession[] OpenSessions(PartitionProblem problem, PluginSet plugins, double[] weights) =>
        OpenSessions(problem.Matrices, plugins, weights);

    /// <summary>Sessions on <paramref name="matrices"/> (e.g. the originals of a calibrated problem, to measure what is stored).</summary>
    public static ISolverSession[] OpenSessions(IReadOnlyList<ResolvedMatrix> matrices, PluginSet plugins, double[] weights)
    {
        var sessions = new ISolverSession[matrices.Count];
        for (int m = 0; m < sessions.Length; m++)
        {
            ResolvedMatrix matrix = matrices[m];
            sessions[m] = PluginGuard.Run(plugins.SolverInfo, "open", () => plugins.Solver.Open(matrix.Matrix, weights))
                ?? throw PluginGuard.BadResult(plugins.SolverInfo, "open", "Open returned null");
        }

        return sessions;
    }

    public int[] Partition()
    {
        var request = new PartitionRequest(_problem.Frequencies.Values, _problem.GroupCount, _problem.Columns);
        int[] assignment = PluginGuard.Run(_plugins.PartitionerInfo, "partitioning", () => _plugins.Partitioner.Partition(request))
            ?? throw PluginGuard.BadResult(_plugins.PartitionerInfo, "partitioning", "Partition returned null");
        if (assignment.Length != _problem.Rows)
        {
            throw PluginGuard.BadResult(_plugins.PartitionerInfo, "partitioning", $"{assignment.Length} group indices for {_problem.Rows} rows");
        }

        for (int i = 0; i < assignment.Length; i++)
        {
            if ((uint)assignment[i] >= (uint)_problem.GroupCount)
            {
                throw PluginGuard.BadResult(_plugins.PartitionerInfo, "partitioning", $"row {i} is in group {assignment[i]}, outside 0..{_problem.GroupCount - 1}");
            }
        }

        return assignment;
    }

    public (GroupRank[][] Ranks, IReadOnlyList<string> Notes) Allocate(int[] assignment, long[] sizes)
    {
        bool spectra = _plugins.Partitioner is ISpectrumPartitioner { UsesSpectra: true };
        var request = new RankAllocationRequest(_problem.Frequencies.Values, assignment, _problem.GroupCount, _problem.Columns, _problem.FactorBudget.Value, _problem.FactorBudget.Unit, _problem.Cost)
        {
            Spectra = spectra ? Spectra(GroupLayout.RowsByGroup(assignment, _problem.GroupCount)) : null,
            Encodings = _problem.Encodings,
        };
        int encodings = _problem.Encodings?.Count ?? 1;
        RankAllocation allocation = PluginGuard.Run(_plugins.PartitionerInfo, "rank allocation", () => _plugins.Partitioner.AllocateRanks(request))
            ?? throw PluginGuard.BadResult(_plugins.PartitionerInfo, "rank allocation", "AllocateRanks returned null");
        if (allocation.Ranks.Count != _problem.Matrices.Count)
        {
            throw PluginGuard.BadResult(_plugins.PartitionerInfo, "rank allocation", $"ranks for {allocation.Ranks.Count} matrices, expected {_problem.Matrices.Count}");
        }

        var ranks = new GroupRank[_problem.Matrices.Count][];
        for (int m = 0; m < ranks.Length; m++)
        {
            int d = _problem.Matrices[m].Columns;
            IReadOnlyList<GroupRank> given = allocation.Ranks[m];
            if (given.Count != _problem.GroupCount)
            {
                throw PluginGuard.BadResult(_plugins.PartitionerInfo, "rank allocation", $"{given.Count} ranks for {_problem.GroupCount} groups of '{_problem.Matrices[m].Name}'");
            }

            ranks[m] = new GroupRank[given.Count];
            for (int g = 0; g < given.Count; g++)
            {
                GroupRank rank = given[g];
                bool valid = rank.Dense
                    ? rank.Rank == d
                    : rank.Rank >= 0 && rank.Rank <= d && rank.Rank <= sizes[g] && (rank.Rank > 0 || sizes[g] == 0);
                if (!valid)
                {
                    throw PluginGuard.BadResult(_plugins.PartitionerInfo, "rank allocation", $"group {g} of '{_problem.Matrices[m].Name}' ({sizes[g]} rows, {d} columns) got {(rank.Dense ? "dense storage with rank " : "rank ")}{rank.Rank}");
                }

                if ((uint)rank.Encoding >= (uint)encodings)
                {
                    throw PluginGuard.BadResult(_plugins.PartitionerInfo, "rank allocation", $"group {g} of '{_problem.Matrices[m].Name}' got encoding {rank.Encoding}, but {(_problem.Encodings is null ? "no encodings were offered (it must be 0)" : $"only 0 to {encodings - 1} were offered")}");
                }

                ranks[m][g] = sizes[g] == 0 ? GroupRank.LowRank(0) : rank;
            }
        }

        CostAmount needed = _problem.FactorBudget.With(Cost(sizes, ranks));
        if (needed.Value > _problem.FactorBudget.Value)
        {
            throw PluginGuard.BadResult(_plugins.PartitionerInfo, "rank allocation", $"the allocation needs {needed} but the budget is {_problem.FactorBudget}");
        }

        return (ranks, allocation.Notes);
    }

    /// <summary>What the factors of a grouping cost, in the unit of the problem's budget.</summary>
    public long Cost(long[] sizes, GroupRank[][] ranks)
    {
        long cost = 0;
        for (int m = 0; m < ranks.Length; m++)
        {
            int d = _problem.Matrices[m].Columns;
            for (int g = 0; g < sizes.Length; g++)
            {
                cost += GroupCost(sizes[g], d, ranks[m][g]);
            }
        }

        return cost;
    }

    /// <summary>What one group costs, in the unit of the problem's budget.</summary>
    public long GroupCost(long rows, int columns, GroupRank rank)
    {
        if (rows == 0 || (!rank.Dense && rank.Rank == 0))
        {
            return 0;
        }

        IStorageCost cost = _problem.CostOf(rank.Encoding);
        return rank.Dense
            ? cost.TensorBytes(rows, columns)
            : cost.TensorBytes(rows, rank.Rank) + cost.TensorBytes(columns, rank.Rank);
    }

    /// <summary>Fits the bases of every low-rank group whose rows or rank differ from <paramref name="previous"/>; reuses the others.</summary>
    public GroupBasis?[][] Fit(int[][] rows, GroupRank[][] ranks, LowRankState? previous, string stage)
    {
        IReadOnlyList<ISolverSession> sessions = Sessions;
        var bases = new GroupBasis?[sessions.Count][];
        for (int m = 0; m < sessions.Count; m++)
        {
            bases[m] = new GroupBasis?[rows.Length];
            var requests = new List<GroupFitRequest>();
            for (int g = 0; g < rows.Length; g++)
            {
                GroupRank rank = ranks[m][g];
                if (rank.Dense || rank.Rank == 0 || rows[g].Length == 0)
                {
                    continue;
                }

                if (previous?.Bases[m][g] is { } old && old.Rank == rank.Rank && previous.Rows[g].AsSpan().SequenceEqual(rows[g]))
                {
                    bases[m][g] = old;
                    continue;
                }

                if (_fullBases?[m][g] is { } full && full.Basis.Rank >= rank.Rank && full.Rows.AsSpan().SequenceEqual(rows[g]))
                {
                    bases[m][g] = Leading(full.Basis, rank.Rank);
                    continue;
                }

                requests.Add(new GroupFitRequest(g, rows[g], rank.Rank));
            }

            if (requests.Count == 0)
            {
                continue;
            }

            foreach (GroupBasis basis in FitChecked(sessions[m], m, requests, stage, "fitting bases"))
            {
                bases[m][basis.GroupId] = basis;
            }
        }

        return bases;
    }

    /// <summary>
    /// Every non-empty group's weighted spectrum in every matrix, from a basis of the group's full rank
    /// (<c>min(d, n_g)</c>), which is kept so that the fit that follows the allocation reuses it; under <c>quantizer: auto</c>
    /// with each encoding's error measured on the group's factors (<see cref="QuantizationProbe"/>).
    /// </summary>
    private GroupSpectrum?[][] Spectra(int[][] rows)
    {
        IReadOnlyList<ISolverSession> sessions = Sessions;
        _fullBases ??= new (int[] Rows, GroupBasis Basis, IReadOnlyList<GroupQuantizationError>? Quantization)?[sessions.Count][];
        var spectra = new GroupSpectrum?[sessions.Count][];
        for (int m = 0; m < sessions.Count; m++)
        {
            int d = _problem.Matrices[m].Columns;
            _fullBases[m] ??= new (int[] Rows, GroupBasis Basis, IReadOnlyList<GroupQuantizationError>? Quantization)?[rows.Length];
            spectra[m] = new GroupSpectrum?[rows.Length];
            var requests = new List<GroupFitRequest>();
            for (int g = 0; g < rows.Length; g++)
            {
                if (rows[g].Length == 0)
                {
                    continue;
                }

                if (_fullBases[m][g] is { } known && known.Rows.AsSpan().SequenceEqual(rows[g]))
                {
                    spectra[m][g] = new GroupSpectrum(known.Basis.Eigenvalues, known.Basis.TotalEnergy) { Quantization = known.Quantization };
                    continue;
                }

                requests.Add(new GroupFitRequest(g, rows[g], Math.Min(d, rows[g].Length)));
            }

            if (requests.Count == 0)
            {
                continue;
            }

            foreach (GroupBasis basis in FitChecked(sessions[m], m, requests, "spectra", "measuring spectra"))
            {
                int g = basis.GroupId;
                GroupQuantizationError[]? quantization = _problem.Encodings is null ? null : QuantizationProbe.Measure(
                    _plugins, sessions[m], _problem.Originals[m], _problem.Metrics[m], _weights, rows[g], basis, $"group {g} of '{_problem.Matrices[m].Name}'", _cancellationToken);
                _fullBases[m][g] = (rows[g], basis, quantization);
                spectra[m][g] = new GroupSpectrum(basis.Eigenvalues, basis.TotalEnergy) { Quantization = quantization };
            }
        }

        return spectra;
    }

    /// <summary>Fits <paramref name="requests"/> on one matrix's session and checks every answer, in request order.</summary>
    private GroupBasis[] FitChecked(ISolverSession session, int matrix, List<GroupFitRequest> requests, string stage, string what)
    {
        var progress = new SolverProgressAdapter(_observer, $"{stage} {_problem.Matrices[matrix].Name}: ");
        IReadOnlyList<GroupBasis> fitted = PluginGuard.Run(_plugins.SolverInfo, what, () => session.FitBases(requests, progress, _cancellationToken))
            ?? throw PluginGuard.BadResult(_plugins.SolverInfo, what, "FitBases returned null");
        if (fitted.Count != requests.Count)
        {
            throw PluginGuard.BadResult(_plugins.SolverInfo, what, $"{fitted.Count} bases for {requests.Count} groups");
        }

        var checkedBases = new GroupBasis[requests.Count];
        for (int k = 0; k < requests.Count; k++)
        {
            GroupBasis basis = fitted[k] ?? throw PluginGuard.BadResult(_plugins.SolverInfo, what, $"a null basis for group {requests[k].GroupId}");
            CheckBasis(basis, requests[k], _problem.Matrices[matrix]);
            checkedBases[k] = basis;
        }

        return checkedBases;
    }

    /// <summary>The first <paramref name="rank"/> components of a basis: the best basis of that rank, as the eigenvectors are sorted.</summary>
    public static GroupBasis Leading(GroupBasis full, int rank)
    {
        if (rank == full.Rank)
        {
            return full;
        }

        var vectors = new float[(long)full.Columns * rank];
        for (int j = 0; j < full.Columns; j++)
        {
            full.Vectors.AsSpan(j * full.Rank, rank).CopyTo(vectors.AsSpan(j * rank, rank));
        }

        return new GroupBasis(full.GroupId, full.Columns, rank, vectors, full.Eigenvalues[..rank], full.TotalEnergy);
    }

    /// <summary>
    /// Scores every row that may move against every low-rank basis of every matrix: <c>error[i * groups + g]</c>
    /// is the row's weighted squared error summed over the matrices, or +∞ where the row cannot go. A row of
    /// a group stored dense in every matrix has no error to lose, so it is not scored and stays.
    /// </summary>
    /// <param name="state">The bases and groups.</param>
    /// <param name="weights">The row weights.</param>
    /// <param name="energy">When given, each scored row's weighted energy (see <see cref="ScoreRows"/>).</param>
    /// <returns>The scores.</returns>
    public float[] ScoreErrors(LowRankState state, double[] weights, float[]? energy = null)
    {
        int rows = _problem.Rows;
        int groups = state.GroupCount;
        var errors = new float[(long)rows * groups];
        bool[] dense = DenseGroups(state);
        int[] movable = Enumerable.Range(0, rows).Where(i => !dense[state.Assignment[i]]).ToArray();
        for (int i = 0; i < rows; i++)
        {
            if (dense[state.Assignment[i]])
            {
                errors.AsSpan((int)((long)i * groups), groups).Fill(float.PositiveInfinity);
                errors[((long)i * groups) + state.Assignment[i]] = 0;
            }
        }

        ScoreRows(state, weights, movable, null, errors, energy);
        return errors;
    }

    /// <summary>
    /// Scores <paramref name="rows"/> (rows that may move, strictly increasing) against the low-rank bases of every matrix
    /// of <paramref name="only"/> (or every group) into their entries of <paramref name="errors"/>, which are overwritten,
    /// exactly as <see cref="ScoreErrors"/> scores them: a row's score in a group, summed over the matrices in order, does
    /// not depend on which other rows and groups share the call.
    /// </summary>
    /// <param name="state">The bases and groups.</param>
    /// <param name="weights">The row weights.</param>
    /// <param name="rows">The rows to score.</param>
    /// <param name="only">The groups to score them against, or <see langword="null"/> for every group.</param>
    /// <param name="errors"><c>rows x groups</c> scores of the whole problem.</param>
    /// <param name="energy">When given (with every group scored), each row's weighted energy <c>w_i Σ_m ‖a_i‖²</c>: its error in a group that captured nothing.</param>
    public void ScoreRows(LowRankState state, double[] weights, int[] rows, bool[]? only, float[] errors, float[]? energy)
    {
        if (energy is not null && only is not null)
        {
            throw new ArgumentException("a row's energy comes only with every group scored", nameof(energy));
        }

        int groups = state.GroupCount;
        foreach (int i in rows)
        {
            for (int g = 0; g < groups; g++)
            {
                if (only is null || only[g])
                {
                    errors[((long)i * groups) + g] = 0;
                }
            }

            if (energy is not null)
            {
                energy[i] = 0;
            }
        }

        IReadOnlyList<ISolverSession> sessions = Sessions;
        for (int m = 0; m < sessions.Count; m++)
        {
            var used = new List<GroupBasis>();
            var column = new int[groups];
            for (int g = 0; g < groups; g++)
            {
                column[g] = -1;
                if (state.Bases[m][g] is { } basis && (only is null || only[g]))
                {
                    column[g] = used.Count;
                    used.Add(basis);
                }
            }

            int k = Math.Max(used.Count, 1);
            float[] projected = new float[(long)rows.Length * k];
            float[] norms = new float[rows.Length];
            if (used.Count > 0 && rows.Length > 0)
            {
                ISolverSession session = sessions[m];
                var progress = new SolverProgressAdapter(_observer, $"score {_problem.Matrices[m].Name}: ");
                PluginGuard.Run(_plugins.SolverInfo, "scoring rows", () => session.ScoreRows(used, rows, projected, norms, progress, _cancellationToken));
            }

            GroupRank[] ranks = state.Ranks[m];
            for (int r = 0; r < rows.Length; r++)
            {
                int i = rows[r];
                double w = weights[i];
                if (energy is not null)
                {
                    energy[i] += (float)(w * norms[r]);
                }

                for (int g = 0; g < groups; g++)
                {
                    if (only is not null && !only[g])
                    {
                        continue;
                    }

                    long at = ((long)i * groups) + g;
                    if (state.Rows[g].Length == 0)
                    {
                        errors[at] = float.PositiveInfinity;
                    }
                    else if (column[g] >= 0)
                    {
                        float p = projected[((long)r * k) + column[g]];
                        if (!float.IsFinite(p))
                        {
                            throw new GroupReduceException(ErrorCodes.PluginNonFinite, $"solver '{_plugins.SolverInfo.Name}' returned a non-finite score for row {i} of '{_problem.Matrices[m].Name}'", null);
                        }

                        errors[at] += (float)(w * Math.Max(0, norms[r] - p));
                    }
                    else if (!ranks[g].Dense)
                    {
                        errors[at] = float.PositiveInfinity;
                    }
                }
            }
        }
    }

    /// <summary>Whether each group is stored dense in every matrix: its rows lose nothing and are never scored.</summary>
    public static bool[] DenseGroups(LowRankState state)
    {
        var dense = new bool[state.GroupCount];
        for (int g = 0; g < dense.Length; g++)
        {
            dense[g] = state.Ranks.All(ranks => ranks[g].Dense);
        }

        return dense;
    }

    public void Dispose()
    {
        foreach (ISolverSession session in _sessions ?? [])
        {
            session?.Dispose();
        }
    }

    private void CheckBasis(GroupBasis basis, GroupFitRequest request, ResolvedMatrix matrix)
    {
        string group = $"group {request.GroupId} of '{matrix.Name}'";
        if (basis.GroupId != request.GroupId || basis.Rank != request.Rank || basis.Columns != matrix.Columns)
        {
            throw PluginGuard.BadResult(_plugins.SolverInfo, "fitting bases", $"{group}: expected rank {request.Rank} x {matrix.Columns} columns for group {request.GroupId}, got rank {basis.Rank} x {basis.Columns} for group {basis.GroupId}");
        }

        if (!double.IsFinite(basis.TotalEnergy) || basis.Eigenvalues.Any(e => !double.IsFinite(e)) || basis.Vectors.Any(v => !float.IsFinite(v)))
        {
            throw new GroupReduceException(ErrorCodes.PluginNonFinite, $"solver '{_plugins.SolverInfo.Name}' returned NaN or infinite values for the basis of {group}", null);
        }
    }
}
