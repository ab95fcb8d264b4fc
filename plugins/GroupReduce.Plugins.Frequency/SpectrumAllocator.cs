using System.Globalization;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency;

/// <summary>
/// Allocation by measured error: every group of every matrix starts at <c>min_rank</c>, and the budget is then
/// spent, step by step, where it removes the most weighted squared error per unit of cost. A group's error at
/// rank <c>r</c> is the tail of its spectrum (<see cref="GroupSpectrum.ErrorAt"/>); a step may raise a group by
/// several ranks at once, to wherever the error per unit of cost is best (this is how a group reaches dense
/// storage, whose cost jumps but whose error is zero). Because each spectrum is sorted, each group's gains
/// per rank fall, and this greedy choice is optimal for the fixed groups up to the last step the budget cannot hold.
/// </summary>
internal sealed class SpectrumAllocator
{
    private readonly int _minRank;
    private readonly GroupCosts _costs;
    private readonly GroupSpectrum?[] _spectra;

    public SpectrumAllocator(RankAllocationRequest request, int minRank)
    {
        _minRank = minRank;
        _costs = new GroupCosts(request, GroupStatistics.Of(request.Frequencies.Span, request.Assignment.Span, request.GroupCount));
        IReadOnlyList<IReadOnlyList<GroupSpectrum?>> spectra = request.Spectra
            ?? throw new ArgumentException("allocation: spectrum needs the groups' spectra, which the host did not provide (it must support plugin contract 1.2)", nameof(request));
        if (spectra.Count != _costs.MatrixCount)
        {
            throw new ArgumentException($"spectra for {spectra.Count} matrices, expected {_costs.MatrixCount}", nameof(request));
        }

        _spectra = new GroupSpectrum?[_costs.ItemCount];
        for (int m = 0; m < _costs.MatrixCount; m++)
        {
            if (spectra[m].Count != _costs.GroupCount)
            {
                throw new ArgumentException($"spectra for {spectra[m].Count} groups of matrix {m}, expected {_costs.GroupCount}", nameof(request));
            }

            for (int g = 0; g < _costs.GroupCount; g++)
            {
                int item = _costs.Item(m, g);
                _spectra[item] = spectra[m][g];
                if (_costs.Rows(item) > 0 && _spectra[item] is null)
                {
                    throw new ArgumentException($"no spectrum for non-empty group {g} of matrix {m}", nameof(request));
                }
            }
        }
    }

    public RankAllocation Allocate()
    {
        _costs.ThrowIfBudgetTooSmall(_minRank);
        GroupRank[] ranks = _costs.Floor(_minRank);
        long left = _costs.Budget - _costs.Total(ranks);
        int steps = 0;

        // Lazy greedy: a queued gain per cost can only fall as the budget left shrinks, so an entry is re-measured
        // when it comes out and applied only if it still holds; ties go to the lower item, so the result is deterministic.
        var queue = new PriorityQueue<int, (double Ratio, int Item)>(Comparer<(double Ratio, int Item)>.Create(
            (a, b) => a.Ratio != b.Ratio ? b.Ratio.CompareTo(a.Ratio) : a.Item.CompareTo(b.Item)));
        for (int item = 0; item < ranks.Length; item++)
        {
            if (BestStep(item, ranks[item], left) is { } step)
            {
                queue.Enqueue(item, (step.Ratio, item));
            }
        }

        while (queue.TryDequeue(out int item, out (double Ratio, int Item) queued))
        {
            if (BestStep(item, ranks[item], left) is not { } step)
            {
                continue;
            }

            if (step.Ratio < queued.Ratio)
            {
                queue.Enqueue(item, (step.Ratio, item));
                continue;
            }

            left -= _costs.Cost(item, step.To) - _costs.Cost(item, ranks[item]);
            ranks[item] = step.To;
            steps++;
            if (BestStep(item, ranks[item], left) is { } next)
            {
                queue.Enqueue(item, (next.Ratio, item));
            }
        }

        double error = 0;
        double total = 0;
        for (int item = 0; item < ranks.Length; item++)
        {
            if (_spectra[item] is { } spectrum)
            {
                error += Error(item, ranks[item]);
                total += spectrum.TotalEnergy;
            }
        }

        string rule = string.Create(CultureInfo.InvariantCulture, $"spectrum allocation (rank where it removes the most weighted error per {_costs.UnitSingular}, min_rank {_minRank}): predicted weighted error {(total > 0 ? 100 * error / total : 0):0.000}% before refinement");
        List<string> notes = _costs.Notes(rule, ranks, $"{steps} allocation steps");
        return new RankAllocation(_costs.Split(ranks), notes);
    }

    private double Error(int item, GroupRank rank) =>
        rank.Dense || _spectra[item] is null ? 0 : _spectra[item]!.ErrorAt(rank.Rank);

    /// <summary>
    /// The raise of <paramref name="item"/> that removes the most error per unit of cost among those that fit in
    /// <paramref name="left"/>, or <see langword="null"/> when none fits or none gains.
    /// </summary>
    private (GroupRank To, double Ratio)? BestStep(int item, GroupRank current, long left)
    {
        if (current.Dense || _costs.Rows(item) == 0)
        {
            return null;
        }

        double error = Error(item, current);
        long cost = _costs.Cost(item, current);
        (GroupRank To, double Ratio)? best = null;
        for (int rank = current.Rank + 1; rank <= _costs.FullRank(item); rank++)
        {
            GroupRank to = _costs.Storage(item, rank);
            long extra = _costs.Cost(item, to) - cost;
            if (extra > left)
            {
                break;
            }

            double gain = error - Error(item, to);
            double ratio = extra <= 0 ? double.PositiveInfinity : gain / extra;
            if (gain > 0 && (best is null || ratio > best.Value.Ratio))
            {
                best = (to, ratio);
            }

            if (to.Dense)
            {
                break;
            }
        }

        return best;
    }
}
