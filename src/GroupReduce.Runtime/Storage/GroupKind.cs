namespace GroupReduce.Runtime.Storage;

/// <summary>How a group's rows are stored.</summary>
internal enum GroupKind
{
    /// <summary>No rows.</summary>
    Empty,

    /// <summary>Each row as it is.</summary>
    Dense,

    /// <summary><c>U_g V_gᵀ</c>.</summary>
    LowRank,
}
