using ScottPlot;
using ScottPlot.TickGenerators;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>
/// A log-scale axis: ScottPlot 5 draws linear axes only, so the data is plotted as log10 values and the
/// ticks are placed at 1-2-5 (or finer) steps of each decade and labelled with the real values.
/// </summary>
internal static class LogTicks
{
    private static readonly double[] Fine = [1, 1.5, 2, 3, 4, 5, 6, 8];
    private static readonly double[] Steps125 = [1, 2, 5];
    private static readonly double[] DecadesOnly = [1];

    /// <summary>Sets <paramref name="axis"/> to span <paramref name="min"/>…<paramref name="max"/> (real values, padded a little) on a log scale.</summary>
    /// <returns>The span in log10 units, for the axis limits.</returns>
    public static (double Low, double High) Apply(IAxis axis, double min, double max, Func<double, string> label)
    {
        if (max <= min)
        {
            min /= 1.5;
            max *= 1.5;
        }

        double low = Math.Log10(min) - (0.06 * Math.Max(Math.Log10(max / min), 0.3));
        double high = Math.Log10(max) + (0.06 * Math.Max(Math.Log10(max / min), 0.3));
        double decades = high - low;
        double[] steps = decades <= 1.3 ? Fine : decades <= 4 ? Steps125 : DecadesOnly;
        var ticks = new NumericManual();
        for (int exponent = (int)Math.Floor(low) - 1; exponent <= (int)Math.Ceiling(high); exponent++)
        {
            double decade = Math.Pow(10, exponent);
            for (int m = 1; m <= 9; m++)
            {
                double value = m * decade;
                double at = Math.Log10(value);
                if (at < low || at > high)
                {
                    continue;
                }

                if (steps.Contains(m))
                {
                    ticks.AddMajor(at, label(value));
                }
                else
                {
                    ticks.AddMinor(at);
                }
            }

            if (steps.Contains(1.5) && Math.Log10(1.5 * decade) is double half && half >= low && half <= high)
            {
                ticks.AddMajor(half, label(1.5 * decade));
            }
        }

        axis.TickGenerator = ticks;
        return (low, high);
    }
}
