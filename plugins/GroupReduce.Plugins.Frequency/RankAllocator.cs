using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency;

/// <summary>
/// Step 2 of GroupReduce. Every group <c>g</c> of every matrix (width <c>d</c>) gets
/// <c>r_g = min(d, n_g, max(min_rank, round(r_min · f̄_g / f̄_min)))</c>, stored dense when that is no
/// dearer than the product, with the real-valued <c>r_min</c> shared by all matrices set as large as the
/// budget allows (the total cost grows with <c>r_min</c>, so bisection finds it). What the rounding leaves
/// is then spent one rank at a time on the group with the highest mean frequency per extra unit of cost.
/// Costs and the budget are in the request's unit: bytes, or stored values for a <c>parameters:</c> budget.
/// </summary>
internal sealed class RankAllocator
{
    // Bisection stops when r_min is known to this relative precision; rank changes are far coarser.
    private const double Precision = 1e-12;
    private const int MaximumBisections = 200;

    private readonly RankAllocationRequest _request;
    private readonly AllocationMode _mode;
    private readonly int _minRank;
    private readonly GroupStatistics _groups;
    private readonly double[] _weight;
    private readonly long[] _denseCost;
    private readonly int _groupCount;
    private readonly int _matrixCount;

    public RankAllocator(RankAllocationRequest request, AllocationMode mode, int minRank)
    {
        _request = request;
        _mode = mode;
        _minRank = minRank;
        _groupCount = request.GroupCount;
        _matrixCount = request.MatrixColumns.Count;
        _groups = GroupStatistics.Of(request.Frequencies.Span, request.Assignment.Span, _groupCount);
        double smallestMean = _groups.SmallestMean();
        _weight = new double[_groupCount];
        for (int g = 0; g < _groupCount; g++)
        {
            _weight[g] = _groups.Rows[g] == 0 ? 0 : mode == AllocationMode.Uniform ? 1 : _groups.MeanFrequency[g] / smallestMean;
        }

        _denseCost = new long[_matrixCount * _groupCount];
        for (int m = 0; m < _matrixCount; m++)
        {
            for (int g = 0; g < _groupCount; g++)
            {
                _denseCost[Item(m, g)] = request.GroupCost(_groups.Rows[g], request.MatrixColumns[m], GroupRank.DenseOf(request.MatrixColumns[m]));
            }
        }
    }

    // The budget's own unit, as the spec gave it, so a 'parameters:' budget's messages speak of parameters.
    private string UnitName => _request.Unit == CostUnit.Parameters ? "parameters" : "bytes";

    private string UnitSingular => _request.Unit == CostUnit.Parameters ? "parameter" : "byte";

    public RankAllocation Allocate()
    {
        long budget = _request.Budget;
        long minimum = TotalCost(0);
        if (minimum > budget)
        {
            throw new GroupReduceException(
                ErrorCodes.BudgetTooSmall,
                FormattableString.Invariant($"the budget of {budget:N0} {UnitName} is too small for {NonEmptyGroups()} groups of {_matrixCount} matrices: rank {_minRank} in every group ")
                + FormattableString.Invariant($"(dense where that is smaller) needs at least {minimum:N0} {UnitName}; raise the budget to at least {minimum:N0} {UnitName}, use fewer groups")
                + (_minRank > 1 ? ", or lower min_rank" : string.Empty));
        }

        double top = TopRank();
        double rMin = TotalCost(top) <= budget ? top : LargestAffordable(budget, top);
        GroupRank[] ranks = RanksAt(rMin);
        long used = 0;
        for (int item = 0; item < ranks.Length; item++)
        {
            used += Cost(item, ranks[item]);
        }

        int raised = 0;
        if (_mode == AllocationMode.Frequency)
        {
            raised = SpendLeftover(ranks, budget, ref used);
        }

        return new RankAllocation(Split(ranks), Notes(rMin, top, ranks, used, raised));
    }

    private int Item(int matrix, int group) => (matrix * _groupCount) + group;

    /// <summary>A value of r_min above which no rank can grow: every weight is at least 1.</summary>
    private double TopRank()
    {
        int widest = 0;
        foreach (int d in _request.MatrixColumns)
        {
            widest = Math.Max(widest, d);
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

    private long TotalCost(double rMin)
    {
        long total = 0;
        for (int m = 0; m < _matrixCount; m++)
        {
            for (int g = 0; g < _groupCount; g++)
            {
                int item = Item(m, g);
                total += Cost(item, RuleRank(item, m, g, rMin));
            }
        }

        return total;
    }

    private GroupRank[] RanksAt(double rMin)
    {
        var ranks = new GroupRank[_matrixCount * _groupCount];
        for (int m = 0; m < _matrixCount; m++)
        {
            for (int g = 0; g < _groupCount; g++)
            {
                int item = Item(m, g);
                ranks[item] = RuleRank(item, m, g, rMin);
            }
        }

        return ranks;
    }

    private GroupRank RuleRank(int item, int matrix, int group, double rMin)
    {
        long rows = _groups.Rows[group];
        if (rows == 0)
        {
            return GroupRank.LowRank(0);
        }

        int columns = _request.MatrixColumns[matrix];
        double scaled = Math.Round(rMin * _weight[group], MidpointRounding.AwayFromZero);
        long rank = Math.Min(Math.Min(columns, rows), Math.Max(_minRank, (long)Math.Min(scaled, int.MaxValue)));
        return Storage(item, (int)rank);
    }

    /// <summary>Rank <paramref name="rank"/> as a product, or dense when the product would cost at least as much.</summary>
    private GroupRank Storage(int item, int rank)
    {
        int columns = _request.MatrixColumns[item / _groupCount];
        long rows = _groups.Rows[item % _groupCount];
        long lowRank = _request.GroupCost(rows, columns, GroupRank.LowRank(rank));
        return lowRank >= _denseCost[item] ? GroupRank.DenseOf(columns) : GroupRank.LowRank(rank);
    }

    private long Cost(int item, GroupRank rank) =>
        rank.Dense ? _denseCost[item] : _request.GroupCost(_groups.Rows[item % _groupCount], _request.MatrixColumns[item / _groupCount], rank);

    /// <summary>The storage one rank up, or <see langword="null"/> when the group is dense, empty or at full rank.</summary>
    private GroupRank? Next(int item, GroupRank current)
    {
        long rows = _groups.Rows[item % _groupCount];
        int columns = _request.MatrixColumns[item / _groupCount];
        if (current.Dense || rows == 0 || current.Rank >= Math.Min(columns, rows))
        {
            return null;
        }

        return Storage(item, current.Rank + 1);
    }

    /// <summary>
    /// Raises ranks one step at a time, best mean frequency per extra byte first, while the step fits.
    /// A step that does not fit never will (the leftover only shrinks), so that group is dropped.
    /// </summary>
    private int SpendLeftover(GroupRank[] ranks, long budget, ref long used)
    {
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
            long extra = Cost(item, next) - Cost(item, ranks[item]);
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

        long extra = Cost(item, next) - Cost(item, ranks[item]);
        double mean = _groups.MeanFrequency[item % _groupCount];
        queue.Enqueue(item, (extra <= 0 ? double.PositiveInfinity : mean / extra, item));
    }

    private int NonEmptyGroups() => _groups.Rows.Count(n => n > 0);

    private GroupRank[][] Split(GroupRank[] ranks)
    {
        var perMatrix = new GroupRank[_matrixCount][];
        for (int m = 0; m < _matrixCount; m++)
        {
            perMatrix[m] = ranks.AsSpan(m * _groupCount, _groupCount).ToArray();
        }

        return perMatrix;
    }

    private string[] Notes(double rMin, double top, GroupRank[] ranks, long used, int raised)
    {
        long budget = _request.Budget;
        int dense = ranks.Count(r => r.Dense);
        string share = budget > 0 ? (100.0 * used / budget).ToString("0.00", CultureInfo.InvariantCulture) : "100.00";
        var notes = new List<string>
        {
            rMin >= top
                ? $"{Describe()}: the budget holds every group at full rank"
                : string.Create(CultureInfo.InvariantCulture, $"{Describe()}: r_min = {rMin:0.####}"),
            string.Create(CultureInfo.InvariantCulture, $"{UnitName} used: {used:N0} of a {budget:N0}-{UnitSingular} budget ({share}%)"),
            string.Create(CultureInfo.InvariantCulture, $"{dense} of {ranks.Length} groups (all matrices) stored dense; {raised} rank steps added from the {UnitName} rounding left"),
        };
        for (int m = 0; m < _matrixCount; m++)
        {
            int lowest = int.MaxValue;
            int highest = 0;
            for (int g = 0; g < _groupCount; g++)
            {
                GroupRank rank = ranks[Item(m, g)];
                if (_groups.Rows[g] > 0 && !rank.Dense)
                {
                    lowest = Math.Min(lowest, rank.Rank);
                    highest = Math.Max(highest, rank.Rank);
                }
            }

            notes.Add(lowest == int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"matrix {m} ({_request.MatrixColumns[m]} columns): no low-rank groups")
                : string.Create(CultureInfo.InvariantCulture, $"matrix {m} ({_request.MatrixColumns[m]} columns): low-rank groups have ranks {lowest} to {highest}"));
        }

        return [.. notes];
    }

    private string Describe() => _mode == AllocationMode.Uniform
        ? string.Create(CultureInfo.InvariantCulture, $"uniform allocation (one rank for every group, min_rank {_minRank})")
        : string.Create(CultureInfo.InvariantCulture, $"frequency allocation (rank proportional to mean frequency, min_rank {_minRank})");
}
