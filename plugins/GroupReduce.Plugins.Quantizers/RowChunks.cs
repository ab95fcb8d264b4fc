namespace GroupReduce.Plugins.Quantizers;

/// <summary>
/// Splits a tensor's rows into fixed chunks and runs them on up to the allowed number of threads.
/// Chunks depend only on the shape, and every row is encoded independently, so the output does
/// not depend on the thread count.
/// </summary>
internal static class RowChunks
{
    // Below this many values per chunk the thread hand-off costs more than the work.
    private const long MinimumValuesPerChunk = 1 << 16;

    public static void Run(int rows, int columns, int maxDegreeOfParallelism, Action<int, int> body)
    {
        long values = (long)rows * Math.Max(columns, 1);
        int chunkRows = (int)Math.Clamp(MinimumValuesPerChunk / Math.Max(columns, 1), 1, Math.Max(rows, 1));
        int chunks = (rows + chunkRows - 1) / chunkRows;
        if (maxDegreeOfParallelism <= 1 || chunks <= 1 || values < 2 * MinimumValuesPerChunk)
        {
            body(0, rows);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, chunks, options, chunk =>
        {
            int start = chunk * chunkRows;
            body(start, Math.Min(rows, start + chunkRows));
        });
    }
}
