using System.Globalization;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency;

/// <summary>
/// Step 2 of GroupReduce by rule. Every group <c>g</c> of every matrix (width <c>d</c>) gets
/// <c>r_g = min(d, n_g, max(min_rank, round(r_min · (f̄_g / f̄_min)^p)))</c>, stored dense when that is no
/// dearer than the product, with the real-valued <c>r_min</c> shared by all matrices set as large as the
/// budget allows (the total cost grows with <c>r_min</c>, so bisection finds it). <c>p = 1</c> is the paper's rule.
/// What the rounding leaves is then spent one rank at a time on the group with the highest weight
/// (<c>f̄_g^p</c>) per extra unit of cost. Costs and the budget are in the request's unit: bytes, or stored
/// values for a <c>parameters:</c> budget.
/// </summary>
internal sealed class RankAllocator
{
    // Bisection stops when r_min is known to this relative precision; rank changes are far coarser.
    private const double Precision = 1e-12;
    private const int MaximumBisections = 200;

    private readonly AllocationMode _mode;
    private readonly int _minRank;
    private readonly double _power;
    private readonly GroupCosts _costs;
    private readonly double[] _weight;

    public RankAllocator(RankAllocationRequest request, AllocationMode mode, int minRank, double power)
    {
        _mode = mode;
        _minRank = minRank;
        _power = power;
        _costs = new GroupCosts(request, GroupStatistics.Of(request.Frequencies.Span, request.Assignment.Span, request.GroupCount));
        GroupStatistics groups = _costs.Groups;
        double smallestMean = groups.SmallestMean();
        _weight = new double[request.GroupCount];
        for (int g = 0; g < _weight.Length; g++)
        {
            _weight[g] = groups.Rows[g] == 0 ? 0 : mode == AllocationMode.Uniform ? 1 : power == 1 ? groups.MeanFrequency[g] / smallestMean : Math.Pow(groups.MeanFrequency[g] / smallestMean, power);
        }
    }

    public RankAllocation Allocate()
    {
        _costs.ThrowIfBudgetTooSmall(_minRank);
        long budget = _costs.Budget;
        double top = TopRank();
        double rMin = TotalCost(top) <= budget ? top : LargestAffordable(budget, top);
        GroupRank[] ranks = RanksAt(rMin);
        int raised = _mode == AllocationMode.Frequency ? SpendLeftover(ranks, budget) : 0;
        string rule = rMin >= top
            ? $"{Describe()}: the budget holds every group at full rank"
            : string.Create(CultureInfo.InvariantCulture, $"{Describe()}: r_min = {rMin:0.####}");
        List<string> notes = _costs.Notes(rule, ranks, $"{raised} rank steps added from the {_costs.UnitName} rounding left");
        return new RankAllocation(_costs.Split(ranks), notes);
    }

    /// <summary>A value of r_min above which no rank can grow: every weight is at least 1.</summary>
    private double TopRank()
    {
        int widest = 0;
        for (int item = 0; item < _costs.ItemCount; item++)
        {
            widest = Math.Max(widest, _costs.Columns(item));
        }

        return widest + 1.0;
    }

    private double LargestAffordable(long budget, double top)
    {
        double low = 0;
        double high = top;
        for (int i = 0; i < MaximumBisections && high - low > Precision * high; i++)
        {
            double middle = (low + high) / 2;
            if (TotalCost(middle) <= budget)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private long TotalCost(double rMin) => _costs.Total(RanksAt(rMin));

    private GroupRank[] RanksAt(double rMin)
    {
        var ranks = new GroupRank[_costs.ItemCount];
        for (int item = 0; item < ranks.Length; item++)
        {
            ranks[item] = RuleRank(item, rMin);
        }

        return ranks;
    }

    private GroupRank RuleRank(int item, double rMin)
    {
        if (_costs.Rows(item) == 0)
        {
            return GroupRank.LowRank(0);
        }

        double scaled = Math.Round(rMin * _weight[item % _costs.GroupCount], MidpointRounding.AwayFromZero);
        long rank = Math.Min(_costs.FullRank(item), Math.Max(_minRank, (long)Math.Min(scaled, int.MaxValue)));
        return _costs.Storage(item, (int)rank);
    }

    /// <summary>The storage one rank up, or <see langword="null"/> when the group is dense, empty or at full rank.</summary>
    private GroupRank? Next(int item, GroupRank current) =>
        current.Dense || _costs.Rows(item) == 0 || current.Rank >= _costs.FullRank(item) ? null : _costs.Storage(item, current.Rank + 1);

    /// <summary>
    /// Raises ranks one step at a time, best rule weight per extra byte first, while the step fits.
    /// A step that does not fit never will (the leftover only shrinks), so that group is dropped.
    /// </summary>
    private int SpendLeftover(GroupRank[] ranks, long budget)
    {
        long used = _costs.Total(ranks);
        var queue = new PriorityQueue<int, (double Score, int Item)>(Comparer<(double Score, int Item)>.Create(
            (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item)));
        for (int item = 0; item < ranks.Length; item++)
        {
            Enqueue(queue, ranks, item);
        }

        int raised = 0;
        while (queue.TryDequeue(out int item, out _))
        {
            GroupRank next = Next(item, ranks[item])!.Value;
            long extra = _costs.Cost(item, next) - _costs.Cost(item, ranks[item]);
            if (extra > budget - used)
            {
                continue;
            }

            ranks[item] = next;
            used += extra;
            raised++;
            Enqueue(queue, ranks, item);
        }

        return raised;
    }

    private void Enqueue(PriorityQueue<int, (double Score, int Item)> queue, GroupRank[] ranks, int item)
    {
        if (Next(item, ranks[item]) is not { } next)
        {
            return;
        }

        long extra = _costs.Cost(item, next) - _costs.Cost(item, ranks[item]);
        // Proportional to the rule's weight; the mean itself at p = 1 keeps the paper's rule's choices bit for bit.
        double mean = _costs.Groups.MeanFrequency[item % _costs.GroupCount];
        double weight = _power == 1 ? mean : Math.Pow(mean, _power);
        queue.Enqueue(item, (extra <= 0 ? double.PositiveInfinity : weight / extra, item));
    }

    private string Describe() => _mode == AllocationMode.Uniform
        ? string.Create(CultureInfo.InvariantCulture, $"uniform allocation (one rank for every group, min_rank {_minRank})")
        : _power == 1
            ? string.Create(CultureInfo.InvariantCulture, $"frequency allocation (rank proportional to mean frequency, min_rank {_minRank})")
            : string.Create(CultureInfo.InvariantCulture, $"frequency allocation (rank proportional to mean frequency to the power {_power:0.###}, min_rank {_minRank})");
}
