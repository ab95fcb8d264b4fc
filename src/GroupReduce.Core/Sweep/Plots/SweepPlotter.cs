using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>Draws a sweep's plots as 1200x800 PNG files in its output folder.</summary>
public static class SweepPlotter
{
    private static readonly string[] AllFiles = [ErrorRatePlot.File, QualityRatePlot.File, RankFrequencyPlot.File, GroupErrorPlot.File];

    /// <summary>Whether any font was found to draw titles, labels and ticks with; without one the plots are drawn with no text.</summary>
    /// <remarks>With no font, SkiaSharp still lists one family (with an empty name) whose typeface has no glyphs.</remarks>
    public static bool CanDrawText => SkiaSharp.SKTypeface.Default.GlyphCount > 0;

    /// <summary>
    /// Draws every plot the results allow: error vs rate; quality vs rate when a probe measured the cells;
    /// rank vs frequency and per-group error when GroupReduce cells were made. A plot file left from an
    /// earlier sweep into the same folder that this one cannot draw is removed.
    /// </summary>
    /// <param name="cells">The sweep's cells.</param>
    /// <param name="quality">The quality probe, when one was given.</param>
    /// <param name="folder">The sweep's output folder.</param>
    /// <param name="cancellationToken">Stops the writing.</param>
    /// <returns>The plots written.</returns>
    public static IReadOnlyList<SweepPlot> Write(IReadOnlyList<SweepCellResult> cells, SweepQuality? quality, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var drawn = new List<(string File, string Title, byte[]? Png)>
        {
            (ErrorRatePlot.File, ErrorRatePlot.Title, ErrorRatePlot.Draw(cells)),
        };
        if (quality is not null)
        {
            drawn.Add((QualityRatePlot.File, QualityRatePlot.Title(quality), QualityRatePlot.Draw(cells, quality)));
        }

        byte[]? ranks = RankFrequencyPlot.Draw(cells, out string rankTitle);
        drawn.Add((RankFrequencyPlot.File, rankTitle, ranks));
        byte[]? groups = GroupErrorPlot.Draw(cells, out string groupTitle);
        drawn.Add((GroupErrorPlot.File, groupTitle, groups));

        var plots = new List<SweepPlot>();
        foreach ((string file, string title, byte[]? png) in drawn.Where(d => d.Png is not null))
        {
            AtomicFile.Write(Path.Combine(folder, file), s => s.Write(png), cancellationToken);
            plots.Add(new SweepPlot(file, title));
        }

        foreach (string stale in AllFiles.Except(plots.Select(p => p.File)))
        {
            File.Delete(Path.Combine(folder, stale));
        }

        return plots;
    }

    /// <summary>Removes every plot file an earlier sweep into <paramref name="folder"/> left, for a sweep that draws none.</summary>
    /// <param name="folder">The sweep's output folder.</param>
    public static void RemoveAll(string folder)
    {
        foreach (string file in AllFiles)
        {
            File.Delete(Path.Combine(folder, file));
        }
    }

    /// <summary>How to read one of the plots, for the Markdown report.</summary>
    /// <param name="file">The plot's file name.</param>
    /// <returns>A paragraph.</returns>
    public static string HowToRead(string file) => file switch
    {
        ErrorRatePlot.File => "Lower and further right is better: less error at a higher rate. Each line is one method with one quantizer, its points the budgets; a triangle is quantization alone, whose rate the quantizer fixes. Both axes are logarithmic.",
        QualityRatePlot.File => "The probe's value of each compressed model against its rate; the dashed line is the uncompressed model. Points near the line at a high rate are the useful ones.",
        RankFrequencyPlot.File => "How GroupReduce spends the budget: each point is a group, placed at its words' mean frequency, at the rank it was given. Frequent words get more rank; the lines drop as the rate rises.",
        GroupErrorPlot.File => "Where the error of one GroupReduce cell lies, group by group (0 holds the most frequent words). Frequent groups get more rank and weigh more in the total, so their error is usually the lower one. The label over each bar is the group's rank; a dense group keeps every column, so with quantizer none it is exact and has no bar.",
        _ => string.Empty,
    };
}
