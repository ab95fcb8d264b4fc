using System.Diagnostics;

namespace GroupReduce.Bench.Onnx;

/// <summary>
/// Times two runs against each other: after a warm-up, one of each in turn, repeated, and the median of each. Taking them
/// in turn means a slow spell of the (shared) machine falls on both rather than on whichever ran during it.
/// </summary>
internal static class PairedTimer
{
    /// <summary>The median microseconds of <paramref name="first"/> and of <paramref name="second"/>.</summary>
    /// <param name="first">One run of the first.</param>
    /// <param name="second">One run of the second.</param>
    /// <param name="seconds">The least time spent measuring (warm-up not counted).</param>
    /// <param name="repetitions">The least number of repetitions of each.</param>
    /// <returns>The medians and the repetitions taken.</returns>
    public static (double First, double Second, int Repetitions) Medians(Action first, Action second, double seconds, int repetitions)
    {
        // Warm-up: the first runs allocate ORT's buffers and fill the caches; at least three each and a quarter second.
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 3 || clock.Elapsed.TotalSeconds < 0.25; i++)
        {
            first();
            second();
        }

        var firstTimes = new List<double>();
        var secondTimes = new List<double>();
        clock.Restart();
        while ((firstTimes.Count < repetitions || clock.Elapsed.TotalSeconds < seconds) && firstTimes.Count < 5000)
        {
            firstTimes.Add(Microseconds(first));
            secondTimes.Add(Microseconds(second));
        }

        return (Median(firstTimes), Median(secondTimes), firstTimes.Count);
    }

    private static double Microseconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
