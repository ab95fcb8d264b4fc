namespace GroupReduce.Plugins.Frequency;

/// <summary>How the frequency-sorted rows are cut into groups.</summary>
internal enum SplitMode
{
    /// <summary>Equal row counts (sizes differ by at most one).</summary>
    Rows,

    /// <summary>Equal shares of the total frequency mass, every group non-empty.</summary>
    Mass,
}
