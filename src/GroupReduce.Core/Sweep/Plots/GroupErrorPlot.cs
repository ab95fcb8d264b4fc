using System.Globalization;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Sweep;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>Plot (d): the weighted error of each group of the GroupReduce cell nearest 6.6x, a bar per group and matrix, labelled with the rank.</summary>
internal static class GroupErrorPlot
{
    public const string File = "group-error.png";

    /// <summary>The rate the GroupReduce paper reports most; the plot shows the cell closest to it (on a log scale).</summary>
    public const double ReferenceRate = 6.6;

    public static byte[]? Draw(IReadOnlyList<SweepCellResult> cells, out string title)
    {
        (List<SweepCellResult> chosen, string quantizer) = GroupReduceCells.Of(cells);
        title = "Weighted error per group (groupreduce)";
        if (chosen.Count == 0)
        {
            return null;
        }

        SweepCellResult cell = chosen.MinBy(c => Math.Abs(Math.Log(c.Rate!.Value / ReferenceRate)))!;
        List<MatrixReport> matrices = cell.Matrices.Where(m => m.Groups.Count > 0).ToList();
        if (matrices.Count == 0)
        {
            return null;
        }

        title = $"Weighted error per group: groupreduce at {PlotLabels.Rate(cell.Rate!.Value)}, quantizer {quantizer}";
        Plot plot = PlotStyle.Create(title, "group (0 = most frequent words); label: rank, or dense", "weighted relative error within the group (%)");
        double width = 0.8 / matrices.Count;
        double top = matrices.SelectMany(m => m.Groups).Max(g => (g.WeightedRelativeError ?? 0) * 100);
        var bars = new List<Bar>();
        for (int m = 0; m < matrices.Count; m++)
        {
            foreach (GroupReport group in matrices[m].Groups.Where(g => g.Rows > 0))
            {
                double position = group.Index + ((m - ((matrices.Count - 1) / 2.0)) * width);
                double value = (group.WeightedRelativeError ?? 0) * 100;
                bars.Add(new Bar { Position = position, Value = value, Size = width * 0.92, FillColor = PlotStyle.Series(m), LineWidth = 0 });
                bool dense = group.Kind == "dense";
                ScottPlot.Plottables.Text label = plot.Add.Text(dense ? "dense" : "r" + group.Rank.ToString(CultureInfo.InvariantCulture), position, value + (top * 0.01));
                label.LabelFontSize = 13;
                label.LabelFontColor = Colors.Black.WithOpacity(0.8);
                // A dense group has no error and so no bar; its word, written upright, would run into its neighbour's.
                label.LabelRotation = dense ? -90 : 0;
                label.LabelAlignment = dense ? Alignment.MiddleLeft : Alignment.LowerCenter;
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = matrices[m].Tensor, FillColor = PlotStyle.Series(m) });
        }

        plot.Add.Bars(bars);
        var ticks = new NumericManual();
        foreach (int index in matrices.SelectMany(m => m.Groups).Select(g => g.Index).Distinct().Order())
        {
            ticks.AddMajor(index, index.ToString(CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        int last = matrices.Max(m => m.Groups.Max(g => g.Index));
        plot.Axes.SetLimits(-0.6, last + 0.6, 0, Math.Max(top, 1e-9) * 1.12);
        PlotStyle.LegendRight(plot);
        return PlotStyle.Png(plot);
    }
}
