using System.Globalization;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>Tick label formats of the sweep plots.</summary>
internal static class PlotLabels
{
    public static string Rate(double rate) => rate.ToString("0.##", CultureInfo.InvariantCulture) + "x";

    public static string Percent(double fraction) => (fraction * 100).ToString("G3", CultureInfo.InvariantCulture) + "%";

    /// <summary>Plain digits where people read them at a glance (0.05, 2, 1,500, 50,000); exponents only past a million.</summary>
    public static string Number(double value) => Math.Abs(value) switch
    {
        >= 1e6 => value.ToString("0.##e0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("#,0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("G3", CultureInfo.InvariantCulture),
    };
}
