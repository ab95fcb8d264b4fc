using GroupReduce.Core.Sweep;
using ScottPlot;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>Plot (a): weighted relative error against the achieved rate, one line per method and quantizer, both axes log scale.</summary>
internal static class ErrorRatePlot
{
    public const string File = "error-vs-rate.png";

    public const string Title = "Weighted reconstruction error vs compression rate";

    public static byte[]? Draw(IReadOnlyList<SweepCellResult> cells)
    {
        // A zero error (everything stored dense) has no place on a log axis; such a cell is in the table.
        List<SweepCellResult> points = cells.Where(c => c.Status == SweepCellStatus.Done && c.Rate > 0 && c.WeightedRelativeError > 0).ToList();
        if (points.Count == 0)
        {
            return null;
        }

        Plot plot = PlotStyle.Create(Title, "compression rate: original bytes / stored bytes (log scale)", "weighted relative error (log scale)");
        SeriesPlotter.AddMethodSeries(plot, points, c => c.WeightedRelativeError!.Value, logY: true);
        (double xLow, double xHigh) = LogTicks.Apply(plot.Axes.Bottom, points.Min(c => c.Rate!.Value), points.Max(c => c.Rate!.Value), PlotLabels.Rate);
        (double yLow, double yHigh) = LogTicks.Apply(plot.Axes.Left, points.Min(c => c.WeightedRelativeError!.Value), points.Max(c => c.WeightedRelativeError!.Value), PlotLabels.Percent);
        plot.Axes.SetLimits(xLow, xHigh, yLow, yHigh);
        PlotStyle.LegendRight(plot);
        return PlotStyle.Png(plot);
    }
}
