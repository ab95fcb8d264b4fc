using GroupReduce.Core.Reporting;
using GroupReduce.Core.Sweep;
using ScottPlot;
using ScottPlot.Plottables;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>Plot (c): each GroupReduce group's rank against its mean word frequency (log scale), one series per rate (and matrix).</summary>
internal static class RankFrequencyPlot
{
    public const string File = "rank-vs-frequency.png";

    public static string Title(string quantizer) => $"Rank per group vs word frequency (groupreduce, quantizer {quantizer})";

    public static byte[]? Draw(IReadOnlyList<SweepCellResult> cells, out string title)
    {
        (List<SweepCellResult> chosen, string quantizer) = GroupReduceCells.Of(cells);
        title = Title(quantizer);
        List<GroupReport> all = chosen.SelectMany(c => c.Matrices).SelectMany(m => m.Groups).Where(g => g.Rows > 0 && g.MeanFrequency > 0).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        Plot plot = PlotStyle.Create(title, "mean word frequency of the group (log scale)", "rank (columns when stored dense)");
        List<string> matrices = chosen.SelectMany(c => c.Matrices).Select(m => m.Tensor).Distinct(StringComparer.Ordinal).ToList();
        for (int i = 0; i < chosen.Count; i++)
        {
            SweepCellResult cell = chosen[i];
            foreach (MatrixReport matrix in cell.Matrices)
            {
                List<GroupReport> groups = matrix.Groups.Where(g => g.Rows > 0 && g.MeanFrequency > 0).OrderBy(g => g.MeanFrequency).ToList();
                if (groups.Count == 0)
                {
                    continue;
                }

                int m = matrices.IndexOf(matrix.Tensor);
                Scatter scatter = plot.Add.Scatter(groups.Select(g => Math.Log10(g.MeanFrequency)).ToArray(), groups.Select(g => (double)g.Rank).ToArray());
                scatter.Color = PlotStyle.Series(i);
                scatter.LineWidth = 2.5f;
                scatter.LinePattern = PlotStyle.Pattern(m);
                scatter.MarkerShape = PlotStyle.Marker(m);
                // Matrices on one grouping often get the same ranks: the first matrix's larger markers stay visible under the next ones.
                scatter.MarkerSize = 13 - (4 * Math.Min(m, 2));
                scatter.LegendText = matrices.Count > 1 ? $"{cell.Budget} · {matrix.Tensor}" : cell.Budget;
            }
        }

        (double xLow, double xHigh) = LogTicks.Apply(plot.Axes.Bottom, all.Min(g => g.MeanFrequency), all.Max(g => g.MeanFrequency), PlotLabels.Number);
        double top = all.Max(g => g.Rank);
        plot.Axes.SetLimits(xLow, xHigh, 0, top * 1.08);
        PlotStyle.LegendRight(plot);
        return PlotStyle.Png(plot);
    }
}
