namespace GroupReduce.Plugins.Frequency;

/// <summary>Rows sorted by frequency, most frequent first; equal frequencies by row index, so the order is fully determined.</summary>
internal static class FrequencyOrder
{
    public static int[] Descending(ReadOnlySpan<double> frequencies)
    {
        int[] order = new int[frequencies.Length];
        double[] keys = new double[frequencies.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = -frequencies[i];
        }

        // The keyed sort is fast but not stable: put each run of equal frequencies back in row order.
        Array.Sort(keys, order);
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start);
            }

            start = end;
        }

        return order;
    }
}
