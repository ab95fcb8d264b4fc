using ScottPlot;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>The look every sweep plot shares: size, fonts big enough to read in a report, a colour per method.</summary>
internal static class PlotStyle
{
    public const int Width = 1200;

    public const int Height = 800;

    /// <summary>
    /// ScottPlot's own sans-serif guess on Linux can land on a serif face; DejaVu Sans is on most Linux
    /// machines (and is what this repository's machines have), the default stays when it is not.
    /// </summary>
    private const string PreferredFont = "DejaVu Sans";

    private static readonly Color[] MethodColors =
    [
        Color.FromHex("#1f77b4"), // groupreduce
        Color.FromHex("#d62728"), // svd
        Color.FromHex("#2ca02c"), // weighted-svd
        Color.FromHex("#9467bd"), // prune
        Color.FromHex("#ff7f0e"), // quantize
    ];

    private static readonly Color[] SeriesColors =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    private static readonly MarkerShape[] Markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleUp, MarkerShape.OpenCircle];

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (SkiaSharp.SKFontManager.Default.FontFamilies.Contains(PreferredFont, StringComparer.Ordinal))
        {
            plot.Font.Set(PreferredFont);
        }

        plot.Title(title, size: 26);
        plot.XLabel(xLabel, size: 20);
        plot.YLabel(yLabel, size: 20);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 16;
        plot.Axes.Left.TickLabelStyle.FontSize = 16;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        return plot;
    }

    /// <summary>The legend outside the data, on the right, so it never hides a point.</summary>
    public static void LegendRight(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 16;
        plot.Legend.SymbolWidth = 40;
    }

    public static Color Method(string method) => method switch
    {
        "groupreduce" => MethodColors[0],
        "svd" => MethodColors[1],
        "weighted-svd" => MethodColors[2],
        "prune" => MethodColors[3],
        _ => MethodColors[4],
    };

    public static Color Series(int index) => SeriesColors[index % SeriesColors.Length];

    public static LinePattern Pattern(int index) => Patterns[index % Patterns.Length];

    public static MarkerShape Marker(int index) => Markers[index % Markers.Length];

    public static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
