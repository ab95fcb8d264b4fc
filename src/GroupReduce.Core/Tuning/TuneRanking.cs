using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tuning;

/// <summary>
/// Which trial is best: the lowest perplexity when the search measures it, else the lowest weighted error; ties go
/// to fewer bytes, then to the earlier trial, so the same search always picks the same trial.
/// </summary>
public static class TuneRanking
{
    /// <summary>The best compressed trial.</summary>
    /// <param name="trials">The trials.</param>
    /// <param name="byPerplexity">Whether perplexity ranks them.</param>
    /// <returns>The best, or null when none was compressed.</returns>
    public static TuneTrialResult? Best(IEnumerable<TuneTrialResult> trials, bool byPerplexity)
    {
        ArgumentNullException.ThrowIfNull(trials);
        return trials
            .Where(t => t.Status == SweepCellStatus.Done)
            .OrderBy(t => Score(t, byPerplexity))
            .ThenBy(t => t.Bytes ?? long.MaxValue)
            .ThenBy(t => t.Number)
            .FirstOrDefault();
    }

    /// <summary>The value a trial is ranked by; a missing or NaN value ranks last.</summary>
    public static double Score(TuneTrialResult trial, bool byPerplexity)
    {
        ArgumentNullException.ThrowIfNull(trial);
        double? value = byPerplexity ? trial.Perplexity : trial.WeightedRelativeError;
        return value is { } v && !double.IsNaN(v) ? v : double.PositiveInfinity;
    }
}
