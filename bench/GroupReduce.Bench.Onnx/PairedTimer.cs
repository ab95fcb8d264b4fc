using System.Diagnostics;

namespace GroupReduce.Bench.Onnx;

/// <summary>
/// Times two runs against each other: after a warm-up, blocks of each in turn (about 0.1 s a block), repeated, and the
/// median run of each. Alternating means a slow spell of the (shared) machine falls on both rather than on whichever ran
/// during it; blocks rather than single runs because ORT's idle intra-op threads spin for a while after a run, and a
/// session run right after the other's would share the cores with those spinning threads.
/// </summary>
internal static class PairedTimer
{
    /// <summary>The median microseconds of <paramref name="first"/> and of <paramref name="second"/>.</summary>
    /// <param name="first">One run of the first.</param>
    /// <param name="second">One run of the second.</param>
    /// <param name="seconds">The least time spent measuring (warm-up not counted).</param>
    /// <param name="repetitions">The least number of runs of each.</param>
    /// <param name="interleave">One run of each in turn instead of blocks: each run then finds the caches full of the
    /// other model's data (a cold-cache figure, as in an app that runs other layers between two logits).</param>
    /// <returns>The medians and the runs of each taken.</returns>
    public static (double First, double Second, int Repetitions) Medians(Action first, Action second, double seconds, int repetitions, bool interleave)
    {
        // Warm-up: the first runs allocate ORT's buffers and fill the caches; at least three each and a quarter second each.
        int firstBlock = Block(first);
        int secondBlock = Block(second);
        if (interleave)
        {
            (firstBlock, secondBlock) = (1, 1);
        }

        var firstTimes = new List<double>();
        var secondTimes = new List<double>();
        var clock = Stopwatch.StartNew();
        while ((firstTimes.Count < repetitions || secondTimes.Count < repetitions || clock.Elapsed.TotalSeconds < seconds) && firstTimes.Count < 5000)
        {
            Run(first, firstBlock, firstTimes);
            Run(second, secondBlock, secondTimes);
        }

        return (Median(firstTimes), Median(secondTimes), Math.Min(firstTimes.Count, secondTimes.Count));
    }

    // Warms up and returns how many runs make about a tenth of a second.
    private static int Block(Action action)
    {
        var clock = Stopwatch.StartNew();
        int runs = 0;
        while (runs < 3 || clock.Elapsed.TotalSeconds < 0.25)
        {
            action();
            runs++;
        }

        return Math.Max(1, (int)(runs * 0.1 / clock.Elapsed.TotalSeconds));
    }

    private static void Run(Action action, int block, List<double> times)
    {
        for (int i = 0; i < block; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
