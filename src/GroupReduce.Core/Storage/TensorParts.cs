namespace GroupReduce.Core.Storage;

/// <summary>
/// Large stored blocks are split by rows into parts of at most <see cref="MaxValuesPerPart"/> values,
/// each an independent quantized tensor. This keeps every buffer well inside .NET's array limits and
/// bounds the memory one block needs at a time (a 64 MiB float32 buffer, however large the model);
/// the format records the parts (docs/format.md).
/// </summary>
internal static class TensorParts
{
    /// <summary>2^24 values: 64 MiB as float32.</summary>
    public const long MaxValuesPerPart = 1L << 24;

    public static int RowsPerPart(int columns) => (int)Math.Max(1, Math.Min(int.MaxValue, MaxValuesPerPart / Math.Max(columns, 1)));

    /// <summary>The row count of each part of a <paramref name="rows"/> x <paramref name="columns"/> block.</summary>
    public static IEnumerable<(long FirstRow, int Rows)> Split(long rows, int columns)
    {
        int per = RowsPerPart(columns);
        for (long first = 0; first < rows; first += per)
        {
            yield return (first, (int)Math.Min(per, rows - first));
        }
    }
}
