namespace GroupReduce.Runtime.Format;

/// <summary>How a compressed matrix is stored: the manifest's <c>matrices[i].storage</c> (docs/format.md, 3.2).</summary>
public static class StorageKinds
{
    /// <summary>Row groups, each empty, dense or low-rank (GroupReduce, the low-rank and the quantize-only methods).</summary>
    public const string Groups = "groups";

    /// <summary>Compressed sparse rows (pruning).</summary>
    public const string Sparse = "sparse";
}
