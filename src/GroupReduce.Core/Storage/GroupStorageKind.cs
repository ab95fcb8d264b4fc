namespace GroupReduce.Core.Storage;

/// <summary>How a group of a matrix is stored.</summary>
public enum GroupStorageKind
{
    /// <summary>No rows: nothing stored.</summary>
    Empty,

    /// <summary>The rows themselves (quantized).</summary>
    Dense,

    /// <summary><c>U_g</c> (rows x rank) and <c>V_g</c> (columns x rank).</summary>
    LowRank,
}
