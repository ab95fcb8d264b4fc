using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Session;
using GroupReduce.Plugins.Cpu.Tests.Support;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>
/// The one chunk loop of scoring, projection and error measurement: every chunk sees its own rows (read through the
/// matrix's view when they are consecutive, gathered when not) and its own slices of the caller's arrays.
/// </summary>
public sealed unsafe class RowChunkLoopTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    public void Every_chunk_sees_its_rows_and_its_slices_whether_viewed_or_gathered(int threads, bool allowViews)
    {
        const int Columns = 3, Width = 2;
        int total = (2 * RowChunkLoop.ChunkRows) + 17;
        var values = new float[2000 * Columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        var matrix = new ArrayRowMatrix(values, 2000, Columns, allowViews);

        // A consecutive run first (viewable), then scattered rows that must be gathered.
        int[] rows = [.. Enumerable.Range(100, RowChunkLoop.ChunkRows).Concat(Enumerable.Range(0, total - RowChunkLoop.ChunkRows).Select(k => (k * 7) % 2000))];
        float[] input = [.. Enumerable.Range(0, total * Width).Select(i => (float)i)];
        var output = new float[total * Width];
        var perRow = new float[total];
        var seen = new int[RowChunkLoop.ChunksOf(total)];

        using var runner = new ParallelRunner(threads);
        using var loop = new RowChunkLoop(matrix, runner);
        loop.Run(
            rows,
            input,
            Width,
            output,
            Width,
            perRow,
            (_, chunk) =>
            {
                Interlocked.Increment(ref seen[chunk.Index]);
                for (int i = 0; i < chunk.Count; i++)
                {
                    // Each row writes back what it was given, so a wrong slice or a wrong row shows in the arrays.
                    chunk.PerRow[i] = chunk.Values[(i * Columns) + 1];
                    chunk.Output[(i * Width) + 0] = chunk.Input[(i * Width) + 0];
                    chunk.Output[(i * Width) + 1] = chunk.Rows[i];
                }
            },
            null,
            "test",
            CancellationToken.None);

        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.Equal(3, seen.Length);
        for (int i = 0; i < total; i++)
        {
            Assert.Equal((rows[i] * Columns) + 1, perRow[i]);
            Assert.Equal(input[i * Width], output[i * Width]);
            Assert.Equal(rows[i], output[(i * Width) + 1]);
        }

        Assert.Equal(allowViews, matrix.ViewCalls > 0);
    }
}
