using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Sweep.Plots;

/// <summary>The GroupReduce cells the group plots show: one quantizer only (none when swept), so each rate appears once.</summary>
internal static class GroupReduceCells
{
    public static (List<SweepCellResult> Cells, string Quantizer) Of(IReadOnlyList<SweepCellResult> cells)
    {
        List<SweepCellResult> done = cells.Where(c => c.Method == "groupreduce" && c.Status == SweepCellStatus.Done && c.Rate > 0).ToList();
        if (done.Count == 0)
        {
            return ([], string.Empty);
        }

        string quantizer = done.Any(c => c.Quantizer == SweepArguments.NoQuantizer) ? SweepArguments.NoQuantizer : done[0].Quantizer;
        return (done.Where(c => c.Quantizer == quantizer).OrderBy(c => c.Rate).ToList(), quantizer);
    }
}
