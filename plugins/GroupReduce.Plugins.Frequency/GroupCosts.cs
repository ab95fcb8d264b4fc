using System.Globalization;
using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency;

/// <summary>
/// The storage and cost of every group of every matrix of an allocation request, as items
/// <c>matrix · groups + group</c>: a rank is stored as a product unless the product would cost at least as much as
/// the rows themselves, when the group is stored dense. Shared by every allocation rule, so they price alike.
/// </summary>
internal sealed class GroupCosts
{
    private readonly RankAllocationRequest _request;
    private readonly long[] _denseCost;

    public GroupCosts(RankAllocationRequest request, GroupStatistics groups)
    {
        _request = request;
        Groups = groups;
        GroupCount = request.GroupCount;
        MatrixCount = request.MatrixColumns.Count;
        _denseCost = new long[MatrixCount * GroupCount];
        for (int m = 0; m < MatrixCount; m++)
        {
            for (int g = 0; g < GroupCount; g++)
            {
                _denseCost[Item(m, g)] = request.GroupCost(groups.Rows[g], request.MatrixColumns[m], GroupRank.DenseOf(request.MatrixColumns[m]));
            }
        }
    }

    public GroupStatistics Groups { get; }

    public int GroupCount { get; }

    public int MatrixCount { get; }

    public int ItemCount => _denseCost.Length;

    public long Budget => _request.Budget;

    /// <summary>The budget's own unit, as the spec gave it, so a 'parameters:' budget's messages speak of parameters.</summary>
    public string UnitName => _request.Unit == CostUnit.Parameters ? "parameters" : "bytes";

    public string UnitSingular => _request.Unit == CostUnit.Parameters ? "parameter" : "byte";

    public int Item(int matrix, int group) => (matrix * GroupCount) + group;

    public int Columns(int item) => _request.MatrixColumns[item / GroupCount];

    public long Rows(int item) => Groups.Rows[item % GroupCount];

    /// <summary>The highest rank a group can have: <c>min(d, n_g)</c>.</summary>
    public int FullRank(int item) => (int)Math.Min(Columns(item), Rows(item));

    /// <summary>Rank <paramref name="rank"/> as a product, or dense when the product would cost at least as much.</summary>
    public GroupRank Storage(int item, int rank)
    {
        long lowRank = _request.GroupCost(Rows(item), Columns(item), GroupRank.LowRank(rank));
        return lowRank >= _denseCost[item] ? GroupRank.DenseOf(Columns(item)) : GroupRank.LowRank(rank);
    }

    /// <summary>What <paramref name="rank"/> costs, with its encoding (the cached dense cost is encoding 0's).</summary>
    public long Cost(int item, GroupRank rank) =>
        rank.Dense && rank.Encoding == 0 ? _denseCost[item] : _request.GroupCost(Rows(item), Columns(item), rank);

    /// <summary>Every non-empty group at rank <paramref name="minRank"/> (capped by its shape, dense where cheaper); empty groups store nothing.</summary>
    public GroupRank[] Floor(int minRank)
    {
        var ranks = new GroupRank[ItemCount];
        for (int item = 0; item < ranks.Length; item++)
        {
            ranks[item] = Rows(item) == 0 ? GroupRank.LowRank(0) : Storage(item, Math.Min(minRank, FullRank(item)));
        }

        return ranks;
    }

    public long Total(GroupRank[] ranks)
    {
        long total = 0;
        for (int item = 0; item < ranks.Length; item++)
        {
            total += Cost(item, ranks[item]);
        }

        return total;
    }

    /// <summary>GR4001 unless the budget holds rank <paramref name="minRank"/> in every group.</summary>
    public void ThrowIfBudgetTooSmall(int minRank) => ThrowIfBudgetTooSmall(minRank, Total(Floor(minRank)), encodings: false);

    /// <summary>
    /// GR4001 unless the budget holds <paramref name="minimum"/>, what rank <paramref name="minRank"/> in every group
    /// costs; with <paramref name="encodings"/>, each group's cheapest encoding is counted, which the message says.
    /// </summary>
    public void ThrowIfBudgetTooSmall(int minRank, long minimum, bool encodings)
    {
        if (minimum > Budget)
        {
            string how = encodings ? "dense where that is smaller, each group with its cheapest encoding" : "dense where that is smaller";
            throw new GroupReduceException(
                ErrorCodes.BudgetTooSmall,
                FormattableString.Invariant($"the budget of {Budget:N0} {UnitName} is too small for {Groups.Rows.Count(n => n > 0)} groups of {MatrixCount} matrices: rank {minRank} in every group ")
                + FormattableString.Invariant($"({how}) needs at least {minimum:N0} {UnitName}; raise the budget to at least {minimum:N0} {UnitName}, use fewer groups")
                + (minRank > 1 ? ", or lower min_rank" : string.Empty));
        }
    }

    /// <summary>The report lines every rule shares: what was used, how many groups are dense, and each matrix's rank range.</summary>
    public List<string> Notes(string rule, GroupRank[] ranks, string spent)
    {
        long used = Total(ranks);
        int dense = ranks.Count(r => r.Dense);
        string share = Budget > 0 ? (100.0 * used / Budget).ToString("0.00", CultureInfo.InvariantCulture) : "100.00";
        var notes = new List<string>
        {
            rule,
            string.Create(CultureInfo.InvariantCulture, $"{UnitName} used: {used:N0} of a {Budget:N0}-{UnitSingular} budget ({share}%)"),
            string.Create(CultureInfo.InvariantCulture, $"{dense} of {ranks.Length} groups (all matrices) stored dense; {spent}"),
        };
        for (int m = 0; m < MatrixCount; m++)
        {
            int lowest = int.MaxValue;
            int highest = 0;
            for (int g = 0; g < GroupCount; g++)
            {
                GroupRank rank = ranks[Item(m, g)];
                if (Groups.Rows[g] > 0 && !rank.Dense)
                {
                    lowest = Math.Min(lowest, rank.Rank);
                    highest = Math.Max(highest, rank.Rank);
                }
            }

            int columns = _request.MatrixColumns[m];
            notes.Add(lowest == int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"matrix {m} ({columns} columns): no low-rank groups")
                : string.Create(CultureInfo.InvariantCulture, $"matrix {m} ({columns} columns): low-rank groups have ranks {lowest} to {highest}"));
        }

        return notes;
    }

    public GroupRank[][] Split(GroupRank[] ranks)
    {
        var perMatrix = new GroupRank[MatrixCount][];
        for (int m = 0; m < MatrixCount; m++)
        {
            perMatrix[m] = ranks.AsSpan(m * GroupCount, GroupCount).ToArray();
        }

        return perMatrix;
    }
}
