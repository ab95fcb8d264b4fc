using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// Exact one-dimensional k-means on sorted values. With the values sorted, the points nearest to
/// each of the sorted centres form contiguous runs split at the midpoints between centres, and the
/// prefix sums of <c>x</c> and <c>x²</c> give any run's mean and squared error in O(1). So a Lloyd
/// iteration and a k-means++ seeding step each cost O(k log n) instead of O(n·k).
/// </summary>
internal sealed class SortedKMeans
{
    private readonly float[] _x;
    private readonly double[] _sum;
    private readonly double[] _sumOfSquares;

    // Values are shifted by the median before summing so that the squared-error formula does not
    // lose precision to cancellation when the values sit far from zero.
    private readonly double _shift;

    public SortedKMeans(float[] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            throw new ArgumentException("k-means needs at least one value", nameof(sorted));
        }

        _x = sorted;
        _shift = sorted[sorted.Length / 2];
        _sum = new double[sorted.Length + 1];
        _sumOfSquares = new double[sorted.Length + 1];
        for (int i = 0; i < sorted.Length; i++)
        {
            double y = sorted[i] - _shift;
            _sum[i + 1] = _sum[i] + y;
            _sumOfSquares[i + 1] = _sumOfSquares[i] + (y * y);
        }
    }

    /// <summary>Fits <paramref name="k"/> centres: k-means++ seeding, then up to <paramref name="iterations"/> Lloyd steps.</summary>
    /// <returns>The centres, ascending; repeated when the values have fewer than <paramref name="k"/> distinct values.</returns>
    public double[] Fit(int k, int iterations, ref SplitMix64 random)
    {
        if (DistinctValues(k) is { } distinct)
        {
            return distinct;
        }

        double[] centers = Seed(k, ref random);
        double[] previous = new double[k];
        int[] bounds = new int[k + 1];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            centers.CopyTo(previous, 0);
            Bounds(centers, bounds);
            for (int j = 0; j < k; j++)
            {
                int count = bounds[j + 1] - bounds[j];
                if (count > 0)
                {
                    centers[j] = _shift + ((_sum[bounds[j + 1]] - _sum[bounds[j]]) / count);
                }
            }

            Array.Sort(centers);
            ReseedEmptyClusters(centers, bounds);
            if (centers.AsSpan().SequenceEqual(previous))
            {
                break;
            }
        }

        return centers;
    }

    /// <summary>The sum of squared distances of the points to their nearest centre.</summary>
    public double Error(double[] centers)
    {
        int[] bounds = new int[centers.Length + 1];
        Bounds(centers, bounds);
        double error = 0;
        for (int j = 0; j < centers.Length; j++)
        {
            error += RunError(bounds[j], bounds[j + 1], centers[j]);
        }

        return error;
    }

    /// <summary>When there are at most <paramref name="k"/> distinct values, they are the exact answer.</summary>
    private double[]? DistinctValues(int k)
    {
        var distinct = new List<double>(k);
        for (int i = 0; i < _x.Length; i++)
        {
            if (i == 0 || _x[i] != _x[i - 1])
            {
                if (distinct.Count == k)
                {
                    return null;
                }

                distinct.Add(_x[i]);
            }
        }

        double last = distinct[^1];
        while (distinct.Count < k)
        {
            distinct.Add(last);
        }

        return [.. distinct];
    }

    /// <summary>k-means++: each new centre is a point drawn with probability proportional to its squared distance to the nearest centre.</summary>
    private double[] Seed(int k, ref SplitMix64 random)
    {
        var centers = new List<double>(k) { _x[random.NextInt64(_x.Length)] };
        int[] bounds = new int[k + 1];
        double[] errors = new double[k];
        while (centers.Count < k)
        {
            double[] current = [.. centers];
            Bounds(current, bounds);
            double total = 0;
            for (int j = 0; j < current.Length; j++)
            {
                errors[j] = RunError(bounds[j], bounds[j + 1], current[j]);
                total += errors[j];
            }

            double target = random.NextDouble() * total;
            int cell = -1;
            int lastPositive = -1;
            for (int j = 0; j < current.Length && cell < 0; j++)
            {
                if (errors[j] <= 0)
                {
                    continue;
                }

                lastPositive = j;
                if (target < errors[j])
                {
                    cell = j;
                }
                else
                {
                    target -= errors[j];
                }
            }

            if (cell < 0)
            {
                if (lastPositive < 0)
                {
                    // Every point sits on a centre: repeat one; the Lloyd steps split clusters into any repeats.
                    centers.Add(centers[^1]);
                    continue;
                }

                // The running subtraction can overshoot the total by rounding: take the last point that adds error.
                cell = lastPositive;
                target = errors[cell];
            }

            double chosen = PickInRun(bounds[cell], bounds[cell + 1], current[cell], target);
            int at = centers.BinarySearch(chosen);
            centers.Insert(at < 0 ? ~at : at, chosen);
        }

        return [.. centers];
    }

    /// <summary>The first point of a run whose cumulative squared distance to <paramref name="center"/> exceeds <paramref name="target"/>.</summary>
    private double PickInRun(int from, int to, double center, double target)
    {
        int lo = from;
        int hi = to - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (RunError(from, mid + 1, center) > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        double chosen = _x[lo];
        if (chosen == center)
        {
            // Rounding in the prefix sums can land on a point that is already a centre; the run's
            // farthest end is then the point that adds the most.
            chosen = FarthestEnd(from, to, center);
        }

        return chosen;
    }

    /// <summary>Moves each empty cluster's centre to the farthest end of the cluster with the largest error, splitting it.</summary>
    private void ReseedEmptyClusters(double[] centers, int[] bounds)
    {
        for (int attempt = 0; attempt < centers.Length; attempt++)
        {
            Bounds(centers, bounds);
            int empty = -1;
            int worst = -1;
            double worstError = 0;
            for (int j = 0; j < centers.Length; j++)
            {
                if (bounds[j + 1] == bounds[j])
                {
                    empty = empty < 0 ? j : empty;
                    continue;
                }

                double error = RunError(bounds[j], bounds[j + 1], centers[j]);
                if (error > worstError)
                {
                    worstError = error;
                    worst = j;
                }
            }

            if (empty < 0 || worst < 0)
            {
                return;
            }

            centers[empty] = FarthestEnd(bounds[worst], bounds[worst + 1], centers[worst]);
            Array.Sort(centers);
        }
    }

    private double FarthestEnd(int from, int to, double center) =>
        Math.Abs(_x[from] - center) >= Math.Abs(_x[to - 1] - center) ? _x[from] : _x[to - 1];

    /// <summary>Squared distances of points <c>[from, to)</c> to <paramref name="center"/>.</summary>
    private double RunError(int from, int to, double center)
    {
        int count = to - from;
        if (count == 0)
        {
            return 0;
        }

        double c = center - _shift;
        double s1 = _sum[to] - _sum[from];
        double s2 = _sumOfSquares[to] - _sumOfSquares[from];
        return Math.Max(0, s2 - (2 * c * s1) + (c * c * count));
    }

    /// <summary>Run boundaries: points <c>[bounds[j], bounds[j+1])</c> are nearest to centre <c>j</c> (ties go to the lower centre).</summary>
    private void Bounds(ReadOnlySpan<double> centers, Span<int> bounds)
    {
        bounds[0] = 0;
        bounds[centers.Length] = _x.Length;
        for (int j = 1; j < centers.Length; j++)
        {
            bounds[j] = Math.Max(bounds[j - 1], FirstAbove((centers[j - 1] + centers[j]) / 2));
        }
    }

    /// <summary>The index of the first value greater than <paramref name="threshold"/>.</summary>
    private int FirstAbove(double threshold)
    {
        int lo = 0;
        int hi = _x.Length;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (_x[mid] > threshold)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
