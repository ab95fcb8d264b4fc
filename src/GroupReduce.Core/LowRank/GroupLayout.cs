namespace GroupReduce.Core.LowRank;

/// <summary>Turns a row→group map into each group's rows (ascending), the order in which a group's factor rows are stored.</summary>
internal static class GroupLayout
{
    public static int[][] RowsByGroup(ReadOnlySpan<int> assignment, int groups)
    {
        var counts = new int[groups];
        foreach (int g in assignment)
        {
            counts[g]++;
        }

        var rows = new int[groups][];
        for (int g = 0; g < groups; g++)
        {
            rows[g] = new int[counts[g]];
        }

        Array.Clear(counts);
        for (int i = 0; i < assignment.Length; i++)
        {
            int g = assignment[i];
            rows[g][counts[g]++] = i;
        }

        return rows;
    }

    public static long[] Sizes(ReadOnlySpan<int> assignment, int groups)
    {
        var sizes = new long[groups];
        foreach (int g in assignment)
        {
            sizes[g]++;
        }

        return sizes;
    }
}
