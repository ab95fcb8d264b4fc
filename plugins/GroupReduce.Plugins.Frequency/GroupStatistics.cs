namespace GroupReduce.Plugins.Frequency;

/// <summary>Row count and mean frequency of every group of an assignment.</summary>
internal sealed class GroupStatistics
{
    private GroupStatistics(long[] rows, double[] meanFrequency)
    {
        Rows = rows;
        MeanFrequency = meanFrequency;
    }

    public long[] Rows { get; }

    /// <summary>Mean frequency per group; 0 for an empty group.</summary>
    public double[] MeanFrequency { get; }

    public int Count => Rows.Length;

    public static GroupStatistics Of(ReadOnlySpan<double> frequencies, ReadOnlySpan<int> assignment, int groupCount)
    {
        long[] rows = new long[groupCount];
        double[] sums = new double[groupCount];
        for (int i = 0; i < assignment.Length; i++)
        {
            int g = assignment[i];
            if ((uint)g >= (uint)groupCount)
            {
                throw new ArgumentException($"row {i} is assigned to group {g}, outside 0..{groupCount - 1}", nameof(assignment));
            }

            rows[g]++;
            sums[g] += frequencies[i];
        }

        for (int g = 0; g < groupCount; g++)
        {
            sums[g] = rows[g] == 0 ? 0 : sums[g] / rows[g];
        }

        return new GroupStatistics(rows, sums);
    }

    /// <summary>The smallest mean frequency over the non-empty groups, or 0 when all are empty.</summary>
    public double SmallestMean()
    {
        double smallest = double.PositiveInfinity;
        for (int g = 0; g < Rows.Length; g++)
        {
            if (Rows[g] > 0)
            {
                smallest = Math.Min(smallest, MeanFrequency[g]);
            }
        }

        return double.IsPositiveInfinity(smallest) ? 0 : smallest;
    }
}
