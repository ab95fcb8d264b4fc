namespace GroupReduce.Core.Reporting;

/// <summary>One group of one matrix.</summary>
/// <param name="Index">The group index (0 = most frequent at the start).</param>
/// <param name="Rows">Rows in the group.</param>
/// <param name="Kind">empty, dense or lowrank.</param>
/// <param name="Rank">The rank (columns for dense).</param>
/// <param name="MeanFrequency">Mean frequency of its rows.</param>
/// <param name="Bytes">Stored bytes (planned bytes for a plan).</param>
/// <param name="WeightedRelativeError">Frequency-weighted relative squared error within the group (null for a plan).</param>
/// <param name="RelativeError">Unweighted relative squared error within the group (null for a plan).</param>
public sealed record GroupReport(int Index, long Rows, string Kind, int Rank, double MeanFrequency, long Bytes, double? WeightedRelativeError, double? RelativeError)
{
    /// <summary>The encoding <c>quantizer: auto</c> chose for the group; null when the spec names one quantizer.</summary>
    public string? Encoding { get; init; }
}
