using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Spec;

namespace GroupReduce.Core.LowRank;

/// <summary>
/// Step 4 of GroupReduce: score the rows against every basis, reassign within the budget, re-fit the
/// groups that changed — with re-derived ranks when the spec asks and that does better, else with the
/// ranks held — and accept the step only if the objective did not rise. The objective therefore never
/// increases across iterations, and every iteration is reported with the rows it scored. From the second round on
/// only the rows whose group can change are scored when the spec asks (<see cref="RefinementScores"/>); a round that moves
/// none of them, or whose price of a byte left the range the held rows were checked for, scores every row after all.
/// </summary>
internal sealed class Refiner(LowRankFitter fitter, PartitionProblem problem, RefinementSpec settings, int threads, IRunObserver observer)
{
    public (LowRankState State, IReadOnlyList<RefinementStep> Steps) Refine(LowRankState initial, double totalEnergy, CancellationToken cancellationToken)
    {
        var steps = new List<RefinementStep>();
        LowRankState state = initial;
        var scores = new RefinementScores(fitter, settings.RescoreMargin.Value);
        double lambda = 0;
        int iterations = problem.GroupCount > 1 ? settings.Iterations.Value : 0;
        if (iterations > 0 && (long)problem.Rows * problem.GroupCount > Array.MaxLength)
        {
            throw new GroupReduceException(
                ErrorCodes.ImpossibleRank,
                $"refinement scores every row against every group: {problem.Rows:N0} rows x {problem.GroupCount:N0} groups is too many scores to hold; use fewer groups, or refinement.iterations: 0",
                settings.Iterations.Location);
        }

        for (int iteration = 1; iteration <= iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            observer.Progress($"refine {problem.Name}", iteration - 1, iterations);
            double[] rowCost = RowCosts(state);
            (int[] Next, double Lambda) Reassign(float[] errors, bool[]? held) =>
                Reassigner.Reassign(errors, state.Assignment, rowCost, sizes => fitter.Cost(sizes, state.Ranks), problem.FactorBudget.Value, threads, held);

            (float[] errors, bool[]? stay, long scored) = scores.Score(state, rowCost, lambda, everyRow: false);
            (int[] next, lambda) = Reassign(errors, stay);
            long moved = Moved(next, state.Assignment);
            if (stay is not null && (moved == 0 || !scores.Trusts(lambda)))
            {
                (errors, _, long all) = scores.Score(state, rowCost, lambda, everyRow: true);
                scored += all;
                (next, lambda) = Reassign(errors, null);
                moved = Moved(next, state.Assignment);
            }

            double before = state.Objective;
            if (moved == 0)
            {
                steps.Add(new RefinementStep(iteration, 0, scored, before, Relative(before, totalEnergy), state.Bytes, false, "converged", clock.Elapsed.TotalSeconds));
                break;
            }

            int[][] rows = GroupLayout.RowsByGroup(next, problem.GroupCount);
            long[] sizes = GroupLayout.Sizes(next, problem.GroupCount);
            LowRankState? accepted = null;
            bool rederived = false;
            if (settings.Ranks.Value == RankUpdate.Rederive)
            {
                (GroupRank[][] ranks, _) = fitter.Allocate(next, sizes);
                if (!SameRanks(ranks, state.Ranks))
                {
                    LowRankState candidate = Build(next, rows, sizes, ranks, state, "refit");
                    if (candidate.Objective <= before)
                    {
                        accepted = candidate;
                        rederived = true;
                    }
                }
            }

            if (accepted is null)
            {
                GroupRank[][] held = HoldRanks(state.Ranks, sizes);
                LowRankState candidate = Build(next, rows, sizes, held, state, "refit");
                if (candidate.Objective <= before && candidate.Bytes <= problem.FactorBudget.Value)
                {
                    accepted = candidate;
                }
            }

            if (accepted is null)
            {
                steps.Add(new RefinementStep(iteration, moved, scored, before, Relative(before, totalEnergy), state.Bytes, false, "reverted", clock.Elapsed.TotalSeconds));
                break;
            }

            state = accepted;
            string outcome = rederived ? "accepted" : settings.Ranks.Value == RankUpdate.Rederive ? "accepted (ranks held)" : "accepted";
            steps.Add(new RefinementStep(iteration, moved, scored, state.Objective, Relative(state.Objective, totalEnergy), state.Bytes, rederived, outcome, clock.Elapsed.TotalSeconds));
            observer.Info($"refine {problem.Name}: iteration {iteration}: {moved:N0} rows moved ({scored:N0} scored), weighted error {Relative(state.Objective, totalEnergy):P3}");
            if (moved < settings.MinMovedFraction.Value * problem.Rows)
            {
                break;
            }
        }

        observer.Progress($"refine {problem.Name}", iterations, iterations);
        return (state, steps);
    }

    private static long Moved(int[] next, int[] current)
    {
        long moved = 0;
        for (int i = 0; i < next.Length; i++)
        {
            moved += next[i] != current[i] ? 1 : 0;
        }

        return moved;
    }

    private static double Relative(double objective, double total) => total > 0 ? objective / total : 0;

    private static bool SameRanks(GroupRank[][] a, GroupRank[][] b)
    {
        for (int m = 0; m < a.Length; m++)
        {
            if (!a[m].AsSpan().SequenceEqual(b[m]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The current ranks for the new sizes: a group that emptied stores nothing; a non-empty one keeps its storage (capped by its size) and its encoding.</summary>
    private static GroupRank[][] HoldRanks(GroupRank[][] ranks, long[] sizes)
    {
        var held = new GroupRank[ranks.Length][];
        for (int m = 0; m < ranks.Length; m++)
        {
            held[m] = new GroupRank[sizes.Length];
            for (int g = 0; g < sizes.Length; g++)
            {
                GroupRank rank = ranks[m][g];
                held[m][g] = sizes[g] == 0 ? GroupRank.LowRank(0)
                    : rank.Dense ? rank
                    : GroupRank.LowRank((int)Math.Min(rank.Rank, sizes[g])) with { Encoding = rank.Encoding };
            }
        }

        return held;
    }

    private LowRankState Build(int[] assignment, int[][] rows, long[] sizes, GroupRank[][] ranks, LowRankState previous, string stage) => new()
    {
        Assignment = assignment,
        Rows = rows,
        Ranks = ranks,
        Bases = fitter.Fit(rows, ranks, previous, stage),
        Bytes = fitter.Cost(sizes, ranks),
    };

    /// <summary>Bytes one more row costs in each group with its encoding, summed over the matrices (V's cost is per group, not per row).</summary>
    private double[] RowCosts(LowRankState state)
    {
        var cost = new double[state.GroupCount];
        for (int m = 0; m < state.Ranks.Length; m++)
        {
            int d = problem.Matrices[m].Columns;
            for (int g = 0; g < cost.Length; g++)
            {
                GroupRank rank = state.Ranks[m][g];
                IStorageCost encoding = problem.CostOf(rank.Encoding);
                cost[g] += rank.Dense ? encoding.TensorBytes(1, d) : rank.Rank > 0 ? encoding.TensorBytes(1, rank.Rank) : 0;
            }
        }

        return cost;
    }
}
