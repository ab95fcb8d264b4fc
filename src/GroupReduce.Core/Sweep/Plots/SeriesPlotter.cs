using GroupReduce.Core.Sweep;
using ScottPlot;
using ScottPlot.Plottables;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>
/// Draws sweep cells against their rate: one line per method and quantizer, the colour for the method and
/// the line pattern and marker for the quantizer; quantization alone is one point per quantizer.
/// </summary>
internal static class SeriesPlotter
{
    public static void AddMethodSeries(Plot plot, IReadOnlyList<SweepCellResult> points, Func<SweepCellResult, double> value, bool logY)
    {
        List<string> quantizers = points.Select(c => c.Quantizer).Distinct(StringComparer.Ordinal).ToList();
        foreach (IGrouping<(string Method, string Quantizer), SweepCellResult> series in points.GroupBy(c => (c.Method, c.Quantizer)))
        {
            List<SweepCellResult> ordered = series.OrderBy(c => c.Rate).ToList();
            double[] xs = ordered.Select(c => Math.Log10(c.Rate!.Value)).ToArray();
            double[] ys = ordered.Select(c => logY ? Math.Log10(value(c)) : value(c)).ToArray();
            int q = quantizers.IndexOf(series.Key.Quantizer);
            Scatter scatter = plot.Add.Scatter(xs, ys);
            scatter.Color = PlotStyle.Method(series.Key.Method);
            scatter.LineWidth = 2.5f;
            scatter.LinePattern = PlotStyle.Pattern(q);
            scatter.MarkerShape = PlotStyle.Marker(q);
            scatter.MarkerSize = 11;
            scatter.LegendText = $"{series.Key.Method} · {series.Key.Quantizer}";
            if (series.Key.Method == "quantize")
            {
                // One point per quantizer: a line would connect unrelated encodings.
                scatter.LineWidth = 0;
                scatter.MarkerShape = MarkerShape.FilledTriangleUp;
                scatter.MarkerSize = 16;
            }
        }
    }
}
