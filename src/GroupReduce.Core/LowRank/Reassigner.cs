namespace GroupReduce.Core.LowRank;

/// <summary>
/// Step 4's reassignment under a budget. A row may move only to a group where its error is no larger
/// than in its own group, so the objective (with the bases held fixed) can only fall. Among those
/// groups each row picks the one minimising <c>error + λ·bytes-per-row</c>, and λ is the smallest value
/// (found by bracketing and bisection) whose grouping fits the budget; λ = 0 when moving every row to its
/// best group already fits. Ties keep the row where it is, then prefer the lower group index, so the
/// result is deterministic. Rows marked as held (refinement's rows whose previous scores left them far from any other
/// group) stay where they are and count toward their group's size.
/// </summary>
internal static class Reassigner
{
    private const int BisectionSteps = 48;
    private const int MaxBracketSteps = 200;

    /// <summary>Returns the new grouping and the price of a byte, λ, that chose it.</summary>
    /// <param name="errors"><c>rows x groups</c> row errors; +∞ where a row cannot go.</param>
    /// <param name="current">The current grouping.</param>
    /// <param name="rowCost">Approximate bytes one row costs in each group (summed over matrices).</param>
    /// <param name="bytesOf">Exact factor bytes of a grouping, from its group sizes.</param>
    /// <param name="budget">The factor budget.</param>
    /// <param name="threads">Threads to use.</param>
    /// <param name="held">Rows that stay in their group whatever their scores, or <see langword="null"/> for none.</param>
    public static (int[] Next, double Lambda) Reassign(float[] errors, int[] current, double[] rowCost, Func<long[], long> bytesOf, long budget, int threads, bool[]? held = null)
    {
        var next = new int[current.Length];
        long[] sizes = Choose(errors, current, rowCost, 0, next, threads, held);
        if (bytesOf(sizes) <= budget)
        {
            return (next, 0);
        }

        double low = 0;
        double high = Math.Max(1e-30, MaxError(errors) / Math.Max(1e-30, MinPositiveGap(rowCost)));
        int bracket = 0;
        while (bytesOf(Choose(errors, current, rowCost, high, next, threads, held)) > budget)
        {
            low = high;
            high *= 4;
            if (++bracket > MaxBracketSteps)
            {
                // Even the cheapest non-worse group for every row does not fit: keep the current grouping.
                return ((int[])current.Clone(), high);
            }
        }

        for (int step = 0; step < BisectionSteps && high > low * (1 + 1e-9); step++)
        {
            double middle = 0.5 * (low + high);
            if (bytesOf(Choose(errors, current, rowCost, middle, next, threads, held)) <= budget)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        Choose(errors, current, rowCost, high, next, threads, held);
        return (next, high);
    }

    private static long[] Choose(float[] errors, int[] current, double[] rowCost, double lambda, int[] next, int threads, bool[]? held)
    {
        int groups = rowCost.Length;
        int rows = current.Length;
        int chunks = Math.Max(1, Math.Min(threads * 4, (rows + 4095) / 4096));
        var partial = new long[chunks][];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, chunk =>
        {
            var counts = new long[groups];
            int first = (int)((long)rows * chunk / chunks);
            int last = (int)((long)rows * (chunk + 1) / chunks);
            for (int i = first; i < last; i++)
            {
                int own = current[i];
                if (held is not null && held[i])
                {
                    next[i] = own;
                    counts[own]++;
                    continue;
                }

                long at = (long)i * groups;
                float ownError = errors[at + own];
                int best = own;
                double bestScore = ownError + (lambda * rowCost[own]);
                for (int g = 0; g < groups; g++)
                {
                    float e = errors[at + g];
                    if (g == own || !(e <= ownError))
                    {
                        continue;
                    }

                    double score = e + (lambda * rowCost[g]);
                    if (score < bestScore)
                    {
                        best = g;
                        bestScore = score;
                    }
                }

                next[i] = best;
                counts[best]++;
            }

            partial[chunk] = counts;
        });

        var sizes = new long[groups];
        foreach (long[] counts in partial)
        {
            for (int g = 0; g < groups; g++)
            {
                sizes[g] += counts[g];
            }
        }

        return sizes;
    }

    private static double MaxError(float[] errors)
    {
        double max = 0;
        foreach (float e in errors)
        {
            if (float.IsFinite(e) && e > max)
            {
                max = e;
            }
        }

        return max;
    }

    private static double MinPositiveGap(double[] rowCost)
    {
        double min = double.MaxValue;
        for (int a = 0; a < rowCost.Length; a++)
        {
            for (int b = 0; b < rowCost.Length; b++)
            {
                double gap = rowCost[a] - rowCost[b];
                if (gap > 0 && gap < min)
                {
                    min = gap;
                }
            }
        }

        return min == double.MaxValue ? 1 : min;
    }
}
