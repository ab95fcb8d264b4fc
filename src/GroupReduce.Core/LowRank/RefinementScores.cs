using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Core.LowRank;

/// <summary>
/// Refinement's row scores, kept from one round to the next so that a round scores only the rows whose group can
/// change. The first round scores every row that may move. A later round scores again the rows that moved since they
/// were scored, the rows never scored, and the rows whose kept scores put some other group within
/// <c>margin · w_i Σ_m ‖a_i‖²</c> (the row's error in a group that captured nothing) of their own group's error; every
/// other row is held where it is. A refit moves each basis only a little, so a row far from every other group stays put
/// under a full scoring too; the rounds the margin misses cost at most a little objective, never an increase, since the
/// held rows keep their group and the step is still accepted only when the objective did not rise. When a group
/// empties, turns dense or loses its basis in some matrix the kept scores say nothing about it, and every row is scored.
/// </summary>
internal sealed class RefinementScores(LowRankFitter fitter, double margin)
{
    private float[]? _errors;
    private float[]? _energy;
    private int[]? _scoredIn;
    private string? _kinds;

    /// <summary>Scores the rows this round needs.</summary>
    /// <param name="state">The current bases and groups.</param>
    /// <param name="rowCost">What a row costs in each group, in bytes.</param>
    /// <param name="lambda">The price of a byte the previous round's reassignment settled on.</param>
    /// <param name="everyRow">Score every row that may move, whatever the kept scores say.</param>
    /// <returns>The scores (kept entries for held rows), the held rows (<see langword="null"/> when every row was scored) and how many rows were scored.</returns>
    public (float[] Errors, bool[]? Held, long RowsScored) Score(LowRankState state, double[] rowCost, double lambda, bool everyRow)
    {
        int rows = state.Assignment.Length;
        int groups = state.GroupCount;
        bool[] dense = LowRankFitter.DenseGroups(state);
        string kinds = Kinds(state);
        if (_errors is null || _energy is null || _scoredIn is null || everyRow || margin == 0 || kinds != _kinds)
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
            return (_errors, null, scored);
        }

        if (Environment.GetEnvironmentVariable("GR_DEBUG_MARGIN") is not null)
        {
            var rel = new List<double>();
            for (int i = 0; i < rows; i++)
            {
                int own = state.Assignment[i];
                if (!dense[own] && _scoredIn[i] == own)
                {
                    rel.Add(Margin(_errors.AsSpan((int)((long)i * groups), groups), own, rowCost, lambda) / _energy[i]);
                }
            }

            rel.Sort();
            Console.Error.WriteLine("margin quantiles: " + string.Join(" ", new[] { 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9 }.Select(q => $"{q}:{rel[(int)(q * (rel.Count - 1))]:0.0000}")));
        }

        var held = new bool[rows];
        var rescore = new List<int>();
        for (int i = 0; i < rows; i++)
        {
            int own = state.Assignment[i];
            Span<float> row = _errors.AsSpan((int)((long)i * groups), groups);
            if (dense[own])
            {
                // As a full scoring leaves it: nowhere to go.
                row.Fill(float.PositiveInfinity);
                row[own] = 0;
                _scoredIn[i] = -1;
                held[i] = true;
            }
            else if (_scoredIn[i] != own || Margin(row, own, rowCost, lambda) < margin * _energy[i])
            {
                rescore.Add(i);
                _scoredIn[i] = own;
            }
            else
            {
                held[i] = true;
            }
        }

        fitter.ScoreRows(state, fitter.Weights, [.. rescore], _errors, _energy);
        return (_errors, held, rescore.Count);
    }

    /// <summary>
    /// How far the row is from moving: a row moves to a group where its error is no larger and its error plus λ times its
    /// bytes is smaller than in its own group, so the margin to each group is the larger of the two gaps, and the row's
    /// margin the smallest over the other groups (negative when the kept scores would move it).
    /// </summary>
    private static double Margin(ReadOnlySpan<float> row, int own, double[] rowCost, double lambda)
    {
        double best = double.PositiveInfinity;
        for (int g = 0; g < row.Length; g++)
        {
            if (g == own || !float.IsFinite(row[g]))
            {
                continue;
            }

            double gap = (double)row[g] - row[own];
            double priced = gap + (lambda * (rowCost[g] - rowCost[own]));
            best = Math.Min(best, Math.Max(gap, priced));
        }

        return best;
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
}
