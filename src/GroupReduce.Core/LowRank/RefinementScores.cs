using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.LowRank;

/// <summary>
/// Refinement's row scores, kept from one round to the next so that a round scores again only the (row, group) scores
/// that can change its decisions (<c>refinement.rescore_margin</c>). The first round scores every row that may move. A
/// later round scores again
/// <list type="number">
/// <item>every row against the groups whose rank changed in some matrix, whose scores may have changed by any amount;</item>
/// <item>the rows that moved since they were scored, and rows never scored, against every group;</item>
/// <item>each other row against its own group and the groups it is within <c>margin · w_i Σ_m ‖a_i‖²</c> (its error in a
/// group that captured nothing) of moving to on its kept scores, for any price of a byte λ within a factor
/// <see cref="LambdaSpread"/> of the previous round's;</item>
/// <item>then, with each group's drift measured on what the first passes scored (the most its scores moved since they were
/// kept, over the row's energy), each row against the groups it is no longer clear of by the margin plus
/// <see cref="DriftSafety"/> times the drift of either group.</item>
/// </list>
/// A row that was scored against no other group is held where it is. The caller checks the round's λ with
/// <see cref="Trusts"/> and scores every row when it left the range, or when the round moved no row. A held row keeps its
/// group, so the objective still never rises. When a group empties, turns dense or loses its basis in some matrix, the
/// kept scores say nothing about it and every row is scored.
/// </summary>
internal sealed class RefinementScores(LowRankFitter fitter, double margin)
{
    /// <summary>How far λ may move between rounds, as a factor either way, before the held rows are scored after all.</summary>
    public const double LambdaSpread = 1.25;

    /// <summary>
    /// How many times the largest score change measured in the round a kept score must clear: the measured rows are a
    /// sample, and on a 900-row problem clearing the largest change once still missed a few moves a full scoring made.
    /// </summary>
    private const double DriftSafety = 2;

    private float[]? _errors;
    private float[]? _energy;
    private int[]? _scoredIn;
    private string? _kinds;
    private int[][]? _ranks;
    private double _lambda;

    /// <summary>Scores what this round needs.</summary>
    /// <param name="state">The current bases and groups.</param>
    /// <param name="rowCost">What a row costs in each group, in bytes.</param>
    /// <param name="lambda">The price of a byte the previous round's reassignment settled on.</param>
    /// <param name="everyRow">Score every row that may move against every group, whatever the kept scores say.</param>
    /// <returns>
    /// The scores (kept entries where nothing was scored), the held rows (<see langword="null"/> when every row was scored)
    /// and the rows' worth of scoring done: the (row, basis column) products computed over those of one full row.
    /// </returns>
    public (float[] Errors, bool[]? Held, long RowsScored) Score(LowRankState state, double[] rowCost, double lambda, bool everyRow)
    {
        int rows = state.Assignment.Length;
        int groups = state.GroupCount;
        bool[] dense = LowRankFitter.DenseGroups(state);
        string kinds = Kinds(state);
        int[][] ranks = Ranks(state);
        _lambda = lambda;
        if (_errors is null || _energy is null || _scoredIn is null || _ranks is null || everyRow || margin == 0 || kinds != _kinds || groups > 64)
        {
            _energy = new float[rows];
            _errors = fitter.ScoreErrors(state, fitter.Weights, _energy);
            _scoredIn = new int[rows];
            long scored = 0;
            for (int i = 0; i < rows; i++)
            {
                int own = state.Assignment[i];
                _scoredIn[i] = dense[own] ? -1 : own;
                scored += dense[own] ? 0 : 1;
            }

            _kinds = kinds;
            _ranks = ranks;
            return (_errors, null, scored);
        }

        var width = new long[groups];
        ulong changed = 0;
        for (int m = 0; m < ranks.Length; m++)
        {
            for (int g = 0; g < groups; g++)
            {
                changed |= ranks[m][g] != _ranks[m][g] ? 1UL << g : 0;
                width[g] += ranks[m][g];
            }
        }

        _ranks = ranks;
        ulong all = groups == 64 ? ulong.MaxValue : (1UL << groups) - 1;
        var movable = new List<int>(rows);
        for (int i = 0; i < rows; i++)
        {
            int own = state.Assignment[i];
            if (dense[own])
            {
                // As a full scoring leaves it: nowhere to go.
                Span<float> row = _errors.AsSpan((int)((long)i * groups), groups);
                row.Fill(float.PositiveInfinity);
                row[own] = 0;
                _scoredIn[i] = -1;
            }
            else
            {
                movable.Add(i);
            }
        }

        // fresh[i]: the groups row i has been scored against this round.
        var fresh = new ulong[rows];
        double worth = 0;
        if (changed != 0)
        {
            worth += ScoreMasked(state, movable, i => changed, fresh, width);
        }

        var none = new double[groups];
        var passOne = new ulong[rows];
        foreach (int i in movable)
        {
            int own = state.Assignment[i];
            passOne[i] = _scoredIn[i] != own ? all : Afresh(Doubtful(i, own, rowCost, lambda, none, fresh[i], groups), own, fresh[i]);
        }

        int[] firstRows = [.. movable.Where(i => passOne[i] != 0)];
        float[] kept = Keep(firstRows, groups);
        worth += ScoreMasked(state, movable, i => passOne[i], fresh, width);
        double[] drift = Drift(firstRows, passOne, kept, groups);
        worth += ScoreMasked(state, movable, i => Afresh(Doubtful(i, state.Assignment[i], rowCost, lambda, drift, fresh[i], groups), state.Assignment[i], fresh[i]), fresh, width);

        // Held: the rows clear of every other group on what they have now; the others go to the reassignment, which
        // sees their fresh scores against every group they might move to.
        var held = new bool[rows];
        foreach (int i in movable)
        {
            int own = state.Assignment[i];
            held[i] = _scoredIn[i] == own && Doubtful(i, own, rowCost, lambda, drift, fresh[i], groups) == 0;
            _scoredIn[i] = own;
        }

        for (int i = 0; i < rows; i++)
        {
            held[i] |= dense[state.Assignment[i]];
        }

        long total = width.Sum();
        return (_errors, held, total == 0 ? 0 : (long)Math.Round(worth / total));
    }

    /// <summary>Whether the rows held in the last <see cref="Score"/> are still where a full scoring would leave them at this round's λ.</summary>
    /// <param name="lambda">The price of a byte the round settled on.</param>
    /// <returns><see langword="true"/> when λ stayed within <see cref="LambdaSpread"/> of the one the held rows were checked against.</returns>
    public bool Trusts(double lambda) =>
        _lambda == 0 ? lambda == 0 : lambda >= _lambda / LambdaSpread && lambda <= _lambda * LambdaSpread;

    /// <summary>What row scores afresh for <paramref name="doubtful"/> groups: those and its own, less what is fresh already.</summary>
    private static ulong Afresh(ulong doubtful, int own, ulong fresh) => doubtful == 0 ? 0 : (doubtful | (1UL << own)) & ~fresh;

    /// <summary>
    /// The other groups row <paramref name="i"/> is not clear of by <c>energy · (margin + safety · (drift_g + drift_own))</c> at every
    /// λ within the spread, a fresh score drifting by nothing. A row moves only to a group where its error is no larger and
    /// its error plus λ times its bytes is smaller. Empty when the row is clear of every group.
    /// </summary>
    private ulong Doubtful(int i, int own, double[] rowCost, double lambda, double[] drift, ulong fresh, int groups)
    {
        ReadOnlySpan<float> row = _errors.AsSpan((int)((long)i * groups), groups);
        double energy = _energy![i];
        double ownDrift = (fresh & (1UL << own)) != 0 ? 0 : DriftSafety * drift[own];
        ulong doubtful = 0;
        for (int g = 0; g < groups; g++)
        {
            if (g == own || !float.IsFinite(row[g]))
            {
                continue;
            }

            double slack = energy * (margin + ownDrift + ((fresh & (1UL << g)) != 0 ? 0 : DriftSafety * drift[g]));
            double gap = (double)row[g] - row[own];
            if (gap >= slack)
            {
                continue;
            }

            double dearer = rowCost[g] - rowCost[own];
            double price = dearer >= 0 ? lambda / LambdaSpread : lambda * LambdaSpread;
            if (gap + (price * dearer) < slack)
            {
                doubtful |= 1UL << g;
            }
        }

        return doubtful;
    }

    /// <summary>
    /// Scores each of <paramref name="rows"/> against the groups <paramref name="mask"/> gives it, one solver call per
    /// distinct set of groups, and marks them fresh; returns the (row, basis column) products computed.
    /// </summary>
    private double ScoreMasked(LowRankState state, List<int> rows, Func<int, ulong> mask, ulong[] fresh, long[] width)
    {
        var bySet = new SortedDictionary<ulong, List<int>>();
        foreach (int i in rows)
        {
            ulong set = mask(i) & ~fresh[i];
            if (set == 0)
            {
                continue;
            }

            if (!bySet.TryGetValue(set, out List<int>? members))
            {
                members = [];
                bySet.Add(set, members);
            }

            members.Add(i);
        }

        double products = 0;
        int groups = state.GroupCount;
        foreach ((ulong set, List<int> members) in bySet)
        {
            var only = new bool[groups];
            long columns = 0;
            for (int g = 0; g < groups; g++)
            {
                only[g] = (set & (1UL << g)) != 0;
                columns += only[g] ? width[g] : 0;
            }

            // Against every group the call is a full scoring of the rows, which also gives their energy (a row never
            // scored before has none yet).
            bool every = only.All(x => x);
            fitter.ScoreRows(state, fitter.Weights, [.. members], every ? null : only, _errors!, every ? _energy : null);
            foreach (int i in members)
            {
                fresh[i] |= set;
            }

            products += (double)members.Count * columns;
        }

        return products;
    }

    /// <summary>The kept scores of <paramref name="rows"/> before they are scored afresh, row after row.</summary>
    private float[] Keep(int[] rows, int groups)
    {
        var kept = new float[(long)rows.Length * groups];
        for (int r = 0; r < rows.Length; r++)
        {
            _errors.AsSpan((int)((long)rows[r] * groups), groups).CopyTo(kept.AsSpan(r * groups, groups));
        }

        return kept;
    }

    /// <summary>
    /// Per group, the most that a score the first passes computed afresh moved from its kept value, over the row's weighted
    /// energy (1, which clears no row near the group, where nothing was measured). Only rows scored in an earlier round count.
    /// </summary>
    private double[] Drift(int[] rows, ulong[] scored, float[] kept, int groups)
    {
        var drift = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            bool measured = false;
            for (int r = 0; r < rows.Length; r++)
            {
                int i = rows[r];
                if ((scored[i] & (1UL << g)) == 0 || _scoredIn![i] < 0 || _energy![i] <= 0)
                {
                    continue;
                }

                float before = kept[((long)r * groups) + g];
                float now = _errors![((long)i * groups) + g];
                if (float.IsFinite(before) && float.IsFinite(now))
                {
                    drift[g] = Math.Max(drift[g], Math.Abs(now - before) / _energy[i]);
                    measured = true;
                }
            }

            drift[g] = measured ? drift[g] : 1;
        }

        return drift;
    }

    /// <summary>What a score against each group can be, per matrix: empty, dense, a basis, or no basis.</summary>
    private static string Kinds(LowRankState state)
    {
        var kinds = new char[state.GroupCount * state.Ranks.Length];
        for (int m = 0; m < state.Ranks.Length; m++)
        {
            for (int g = 0; g < state.GroupCount; g++)
            {
                GroupBasis? basis = state.Bases[m][g];
                kinds[(m * state.GroupCount) + g] = state.Rows[g].Length == 0 ? 'e' : state.Ranks[m][g].Dense ? 'd' : basis is null ? 'n' : 'b';
            }
        }

        return new string(kinds);
    }

    /// <summary>The rank of each group's basis per matrix (0 where it has none).</summary>
    private static int[][] Ranks(LowRankState state) =>
        [.. state.Bases.Select(bases => bases.Select(basis => basis?.Rank ?? 0).ToArray())];
}
