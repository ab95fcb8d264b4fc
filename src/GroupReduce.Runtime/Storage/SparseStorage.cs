namespace GroupReduce.Runtime.Storage;

/// <summary>A pruned matrix in compressed sparse rows, read into memory (it is the smallest form of the matrix).</summary>
/// <param name="RowStart">Row <c>i</c>'s entries are <c>[RowStart[i], RowStart[i+1])</c>.</param>
/// <param name="Columns">Each entry's column.</param>
/// <param name="Values">Each entry's value.</param>
internal sealed record SparseStorage(long[] RowStart, int[] Columns, float[] Values);
