using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Partitioning;
using GroupReduce.Abstractions.Plugins;

namespace GroupReduce.Plugins.Frequency;

/// <summary>
/// The <c>frequency</c> partitioner (GroupReduce steps 1 and 2). Rows are sorted by frequency
/// (most frequent first, ties by row index) and cut into groups, group 0 the most frequent. By default each
/// group's rank is chosen from its measured spectrum, where a byte removes the most weighted error; the paper's
/// rule gives each group of each matrix of width <c>d</c> rank <c>min(d, n_g, max(min_rank, round(r_min · f̄_g / f̄_min)))</c>
/// (dense when that is no larger), with the largest <c>r_min</c> the byte budget allows, shared by all
/// matrices; bytes left by rounding go one rank step at a time to the group with the highest mean
/// frequency per extra byte.
/// Options: <c>split</c> — <c>rows</c> (default: equal row counts, differing by at most one) or
/// <c>mass</c> (equal shares of the total frequency); <c>allocation</c> — <c>spectrum</c> (default: ranks where the
/// groups' measured spectra say a byte removes the most weighted error), <c>frequency</c> (the paper's rule;
/// <c>power</c> <c>p</c> makes it <c>r ∝ f̄^p</c>, 1 by default) or <c>uniform</c> (one rank for every group,
/// leftover bytes unspent, for comparison);
/// <c>min_rank</c> — the smallest rank a non-empty group gets (default 1).
/// </summary>
public sealed class FrequencyPartitionerFactory : IPartitionerFactory
{
    private const int MaximumMinRank = 65536;

    // Beyond this the rule gives everything to the most frequent group; nothing useful lies there.
    private const double MaximumPower = 4;

    /// <inheritdoc />
    public string Name => "frequency";

    /// <inheritdoc />
    public string Description => "Groups rows by word frequency and gives each group a rank by its mean frequency or by its measured spectrum, within the budget (split, allocation, power, min_rank).";

    /// <inheritdoc />
    public IPartitioner Create(PluginOptions options, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        SplitMode split = options.GetString("split", "rows", "rows", "mass") == "mass" ? SplitMode.Mass : SplitMode.Rows;
        AllocationMode allocation = options.GetString("allocation", "spectrum", "frequency", "uniform", "spectrum") switch
        {
            "uniform" => AllocationMode.Uniform,
            "frequency" => AllocationMode.Frequency,
            _ => AllocationMode.Spectrum,
        };
        int minRank = options.GetInt32("min_rank", 1, 1, MaximumMinRank);
        double power = options.GetDouble("power", 1, 0, MaximumPower);
        if (allocation != AllocationMode.Frequency && options.GetEntry("power") is { } entry)
        {
            // A power the rule would ignore is a mistake the user should hear about, not a silent no-op.
            throw options.Invalid("power", entry.Value, "it shapes 'allocation: frequency' only; remove it, or use 'allocation: frequency'");
        }

        options.EnsureNoUnknownKeys();
        return new FrequencyPartitioner(split, allocation, minRank, power);
    }
}
