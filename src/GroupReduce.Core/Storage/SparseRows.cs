namespace GroupReduce.Core.Storage;

/// <summary>A pruned matrix in compressed sparse row form: the kept entries of every row.</summary>
internal sealed class SparseRows
{
    /// <summary>Row <c>i</c>'s entries are <c>[RowStart[i], RowStart[i+1])</c>; <c>Rows + 1</c> values.</summary>
    public required long[] RowStart { get; init; }

    /// <summary>Column of each kept entry.</summary>
    public required int[] ColumnIndices { get; init; }

    /// <summary>Value of each kept entry.</summary>
    public required float[] Values { get; init; }

    /// <summary>Bytes per row-start entry in the artifact: 4 while the entry count fits in int32, else 8.</summary>
    public int RowStartBytes => Values.LongLength <= int.MaxValue ? 4 : 8;

    /// <summary>Bytes per column index in the artifact: 2 while columns fit in uint16, else 4.</summary>
    public required int ColumnIndexBytes { get; init; }

    public long Bytes => (RowStart.LongLength * RowStartBytes) + (ColumnIndices.LongLength * ColumnIndexBytes) + (Values.LongLength * 4);
}
