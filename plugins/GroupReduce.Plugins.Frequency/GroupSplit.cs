namespace GroupReduce.Plugins.Frequency;

/// <summary>Cuts the frequency-sorted rows into consecutive groups; group 0 gets the most frequent rows.</summary>
internal static class GroupSplit
{
    /// <summary>The end (exclusive position in the sorted order) of every group.</summary>
    public static int[] Ends(SplitMode mode, ReadOnlySpan<double> frequencies, int[] order, int groupCount) =>
        mode == SplitMode.Mass ? ByMass(frequencies, order, groupCount) : ByRows(order.Length, groupCount);

    /// <summary>Equal row counts; the first <c>rows mod groups</c> groups get one row more.</summary>
    public static int[] ByRows(int rows, int groupCount)
    {
        int[] ends = new int[groupCount];
        int size = rows / groupCount;
        int larger = rows % groupCount;
        int end = 0;
        for (int g = 0; g < groupCount; g++)
        {
            end += size + (g < larger ? 1 : 0);
            ends[g] = end;
        }

        return ends;
    }

    /// <summary>
    /// Cuts as close as possible to every multiple of <c>total / groups</c> of the cumulative mass, a row
    /// going to the side where more of its mass lies, while keeping at least one row in every group.
    /// </summary>
    public static int[] ByMass(ReadOnlySpan<double> frequencies, int[] order, int groupCount)
    {
        int rows = order.Length;
        double total = 0;
        foreach (int row in order)
        {
            total += frequencies[row];
        }

        int[] ends = new int[groupCount];
        int start = 0;
        double cumulative = 0;
        for (int g = 0; g < groupCount; g++)
        {
            if (g == groupCount - 1)
            {
                ends[g] = rows;
                break;
            }

            double target = total * (g + 1) / groupCount;
            int latest = rows - (groupCount - g - 1);
            int end = start + 1;
            cumulative += frequencies[order[start]];
            while (end < latest && cumulative + (frequencies[order[end]] / 2) < target)
            {
                cumulative += frequencies[order[end]];
                end++;
            }

            ends[g] = end;
            start = end;
        }

        return ends;
    }
}
