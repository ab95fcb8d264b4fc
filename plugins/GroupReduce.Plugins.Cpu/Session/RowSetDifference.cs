namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>The rows that joined and left a group between two sorted row lists.</summary>
internal static class RowSetDifference
{
    /// <summary>Merges two strictly increasing lists into the rows only in <paramref name="current"/> and those only in <paramref name="previous"/>.</summary>
    /// <param name="previous">The old rows.</param>
    /// <param name="current">The new rows.</param>
    /// <param name="joined">Rows in <paramref name="current"/> only, increasing.</param>
    /// <param name="left">Rows in <paramref name="previous"/> only, increasing.</param>
    public static void Compute(ReadOnlySpan<int> previous, ReadOnlySpan<int> current, List<int> joined, List<int> left)
    {
        joined.Clear();
        left.Clear();
        int i = 0;
        int j = 0;
        while (i < previous.Length && j < current.Length)
        {
            if (previous[i] == current[j])
            {
                i++;
                j++;
            }
            else if (previous[i] < current[j])
            {
                left.Add(previous[i++]);
            }
            else
            {
                joined.Add(current[j++]);
            }
        }

        while (i < previous.Length)
        {
            left.Add(previous[i++]);
        }

        while (j < current.Length)
        {
            joined.Add(current[j++]);
        }
    }
}
