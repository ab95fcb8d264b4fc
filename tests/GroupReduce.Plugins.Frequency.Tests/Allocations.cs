using GroupReduce.Abstractions.Partitioning;

namespace GroupReduce.Plugins.Frequency.Tests;

/// <summary>Builds allocation requests from per-group sizes and frequencies, and checks answers independently of the plugin.</summary>
internal static class Allocations
{
    /// <summary>Rows grouped in order: <c>sizes[g]</c> rows of frequency <c>frequencies[g]</c> in group <c>g</c>.</summary>
    public static RankAllocationRequest Request(int[] sizes, double[] frequencies, int[] columns, long budget, IStorageCost? cost = null)
    {
        var f = new List<double>();
        var assignment = new List<int>();
        for (int g = 0; g < sizes.Length; g++)
        {
            for (int i = 0; i < sizes[g]; i++)
            {
                f.Add(frequencies[g]);
                assignment.Add(g);
            }
        }

        return new RankAllocationRequest(f.ToArray(), assignment.ToArray(), sizes.Length, columns, budget, cost ?? new ValueCost(4));
    }

    public static long[] GroupRows(RankAllocationRequest request)
    {
        long[] rows = new long[request.GroupCount];
        foreach (int g in request.Assignment.Span)
        {
            rows[g]++;
        }

        return rows;
    }

    public static long TotalBytes(RankAllocationRequest request, RankAllocation allocation)
    {
        long[] rows = GroupRows(request);
        long total = 0;
        for (int m = 0; m < request.MatrixColumns.Count; m++)
        {
            for (int g = 0; g < request.GroupCount; g++)
            {
                total += request.GroupCost(rows[g], request.MatrixColumns[m], allocation.Ranks[m][g]);
            }
        }

        return total;
    }

    /// <summary>The fewest extra bytes any single group could take one rank up (dense when the product would not be smaller).</summary>
    public static long CheapestIncrease(RankAllocationRequest request, RankAllocation allocation)
    {
        long[] rows = GroupRows(request);
        long cheapest = long.MaxValue;
        for (int m = 0; m < request.MatrixColumns.Count; m++)
        {
            int d = request.MatrixColumns[m];
            for (int g = 0; g < request.GroupCount; g++)
            {
                GroupRank current = allocation.Ranks[m][g];
                if (rows[g] == 0 || current.Dense || current.Rank >= Math.Min(d, rows[g]))
                {
                    continue;
                }

                long dense = request.GroupCost(rows[g], d, GroupRank.DenseOf(d));
                long up = Math.Min(dense, request.GroupCost(rows[g], d, GroupRank.LowRank(current.Rank + 1)));
                cheapest = Math.Min(cheapest, up - request.GroupCost(rows[g], d, current));
            }
        }

        return cheapest;
    }

    public static double[] Zipf(int rows, int seed)
    {
        var random = new Random(seed);
        double[] f = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            f[i] = Math.Max(1, Math.Round(1e6 / (i + 1)));
        }

        random.Shuffle(f);
        return f;
    }
}
