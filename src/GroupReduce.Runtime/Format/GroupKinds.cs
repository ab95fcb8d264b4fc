namespace GroupReduce.Runtime.Format;

/// <summary>How one group of a grouped matrix stores its rows: the manifest's <c>groups[g].kind</c> (docs/format.md, 3.2, Groups).</summary>
public static class GroupKinds
{
    /// <summary>No rows, nothing stored.</summary>
    public const string Empty = "empty";

    /// <summary>The rows themselves, in the <c>dense</c> block.</summary>
    public const string Dense = "dense";

    /// <summary>The rows as <c>u · vᵀ</c>, in the <c>u</c> and <c>v</c> blocks.</summary>
    public const string LowRank = "lowrank";
}
