using GroupReduce.Core.Sweep;
using ScottPlot;
using ScottPlot.Plottables;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>Plot (b): the quality probe's value (e.g. perplexity) against the achieved rate, with the uncompressed model's value as a reference line.</summary>
internal static class QualityRatePlot
{
    public const string File = "quality-vs-rate.png";

    public static string Title(SweepQuality quality) => $"{Capitalized(quality.Name)} vs compression rate";

    public static byte[]? Draw(IReadOnlyList<SweepCellResult> cells, SweepQuality quality)
    {
        List<SweepCellResult> points = cells.Where(c => c.Status == SweepCellStatus.Done && c.Rate > 0 && c.Quality is { } q && double.IsFinite(q)).ToList();
        if (points.Count == 0)
        {
            return null;
        }

        double low = Math.Min(points.Min(c => c.Quality!.Value), quality.Original);
        double high = Math.Max(points.Max(c => c.Quality!.Value), quality.Original);
        // Compressed models can be many times worse than the original; past 10x a linear axis flattens the good ones.
        bool logY = low > 0 && high / low > 10;
        Plot plot = PlotStyle.Create(Title(quality), "compression rate: original bytes / stored bytes (log scale)", $"{quality.Name} (lower is better{(logY ? ", log scale" : string.Empty)})");
        SeriesPlotter.AddMethodSeries(plot, points, c => c.Quality!.Value, logY);
        HorizontalLine original = plot.Add.HorizontalLine(logY ? Math.Log10(quality.Original) : quality.Original);
        original.Color = Colors.Black;
        original.LineWidth = 2;
        original.LinePattern = LinePattern.Dashed;
        original.LegendText = $"uncompressed: {PlotLabels.Number(quality.Original)}";
        (double xLow, double xHigh) = LogTicks.Apply(plot.Axes.Bottom, points.Min(c => c.Rate!.Value), points.Max(c => c.Rate!.Value), PlotLabels.Rate);
        if (logY)
        {
            (double yLow, double yHigh) = LogTicks.Apply(plot.Axes.Left, low, high, PlotLabels.Number);
            plot.Axes.SetLimits(xLow, xHigh, yLow, yHigh);
        }
        else
        {
            double pad = Math.Max((high - low) * 0.08, Math.Abs(high) * 0.01);
            plot.Axes.SetLimits(xLow, xHigh, low - pad, high + pad);
        }

        PlotStyle.LegendRight(plot);
        return PlotStyle.Png(plot);
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
