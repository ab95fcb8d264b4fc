using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>
/// The streaming loop of scoring, projection and error measurement, written once: the row list is cut into fixed
/// chunks that all workers take in turn (<see cref="ChunkStream"/>), each chunk's rows are read straight from the
/// mapping when they are consecutive or gathered into the worker's buffer when not, and the caller's arrays are pinned
/// and sliced for the chunk. Chunks are cut by index, never by schedule, so every result is the same for any thread count.
/// </summary>
internal sealed unsafe class RowChunkLoop : IDisposable
{
    /// <summary>Rows per chunk: a worker's chunk and its products stay within L2/L3.</summary>
    public const int ChunkRows = 512;

    private readonly IRowMatrix _matrix;
    private readonly ParallelRunner _runner;
    private readonly NativeBuffer<float>[] _gathered;

    /// <summary>Creates the loop.</summary>
    /// <param name="matrix">The matrix whose rows the chunks hold.</param>
    /// <param name="runner">The workers.</param>
    public RowChunkLoop(IRowMatrix matrix, ParallelRunner runner)
    {
        _matrix = matrix;
        _runner = runner;
        _gathered = new NativeBuffer<float>[runner.Threads];
        for (int t = 0; t < _gathered.Length; t++)
        {
            _gathered[t] = new NativeBuffer<float>();
        }
    }

    /// <summary>How many chunks a list of <paramref name="rows"/> rows makes.</summary>
    /// <param name="rows">Rows in the list.</param>
    /// <returns>The chunk count.</returns>
    public static int ChunksOf(int rows) => (rows + ChunkRows - 1) / ChunkRows;

    /// <summary>
    /// Runs <paramref name="body"/><c>(worker, chunk)</c> on every chunk of <paramref name="rows"/>. Row <c>i</c> of the
    /// list owns <paramref name="input"/> and <paramref name="output"/> values <c>[i·width, (i+1)·width)</c> and
    /// <paramref name="perRow"/> value <c>i</c>; any of them may be empty.
    /// </summary>
    /// <param name="rows">The row list (not empty).</param>
    /// <param name="input">Read-only values per row.</param>
    /// <param name="inputWidth">Values per row of <paramref name="input"/>.</param>
    /// <param name="output">Values per row the body writes.</param>
    /// <param name="outputWidth">Values per row of <paramref name="output"/>.</param>
    /// <param name="perRow">One value per row the body writes.</param>
    /// <param name="body">The kernel of one chunk on one worker (the worker index selects its buffers).</param>
    /// <param name="progress">Optional progress, reported from the calling thread only.</param>
    /// <param name="stage">The progress stage.</param>
    /// <param name="cancellationToken">Checked before every chunk.</param>
    public void Run(
        ReadOnlySpan<int> rows,
        ReadOnlySpan<float> input,
        int inputWidth,
        Span<float> output,
        int outputWidth,
        Span<float> perRow,
        Action<int, RowChunk> body,
        IProgress<SolverProgress>? progress,
        string stage,
        CancellationToken cancellationToken)
    {
        int total = rows.Length;
        fixed (int* rowPointer = rows)
        fixed (float* inputPointer = input)
        fixed (float* outputPointer = output)
        fixed (float* perRowPointer = perRow)
        {
            // Locals, since a lambda cannot capture the fixed variables themselves.
            int* rowsAt = rowPointer;
            float* inputAt = inputPointer;
            float* outputAt = outputPointer;
            float* perRowAt = perRowPointer;
            ChunkStream.Run(
                _runner,
                ChunksOf(total),
                ChunkRows,
                total,
                (worker, index) =>
                {
                    int first = index * ChunkRows;
                    int count = Math.Min(ChunkRows, total - first);
                    var chunk = new RowChunk
                    {
                        Index = index,
                        Count = count,
                        Rows = rowsAt + first,
                        Input = inputAt is null ? null : inputAt + ((long)first * inputWidth),
                        Output = outputAt is null ? null : outputAt + ((long)first * outputWidth),
                        PerRow = perRowAt is null ? null : perRowAt + first,
                    };
                    Load(worker, chunk, body);
                },
                progress,
                stage,
                cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (NativeBuffer<float> buffer in _gathered)
        {
            buffer.Dispose();
        }
    }

    // Listed rows come in long consecutive runs: read those straight from the mapping, pinned for the body's call.
    private void Load(int worker, RowChunk chunk, Action<int, RowChunk> body)
    {
        long first = chunk.Rows[0];
        if (chunk.Rows[chunk.Count - 1] - first == chunk.Count - 1 && _matrix.TryGetRows(first, chunk.Count, out ReadOnlySpan<float> view))
        {
            fixed (float* values = view)
            {
                body(worker, chunk with { Values = values });
            }
        }
        else
        {
            float* values = _gathered[worker].Ensure((long)chunk.Count * _matrix.Columns);
            RowCopier.Gather(_matrix, new ReadOnlySpan<int>(chunk.Rows, chunk.Count), values);
            body(worker, chunk with { Values = values });
        }
    }
}
