using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;

namespace GroupReduce.Plugins.Cpu.Session;

/// <summary>
/// Runs independent chunks of rows on all workers, each worker taking the next chunk as soon as it finishes one: no
/// barrier between chunks, and uneven chunks (page faults, scattered rows) even out. A chunk's result depends only on
/// the chunk, never on the worker that computed it, so the output is the same for any schedule.
/// </summary>
internal static class ChunkStream
{
    /// <summary>Runs <paramref name="body"/><c>(worker, chunk)</c> for every chunk in <c>[0, chunks)</c>.</summary>
    /// <param name="runner">The workers.</param>
    /// <param name="chunks">How many chunks.</param>
    /// <param name="chunkRows">Rows per chunk (for progress).</param>
    /// <param name="totalRows">Rows in all (for progress).</param>
    /// <param name="body">The work of one chunk on one worker (the worker index selects its buffers).</param>
    /// <param name="progress">Optional progress, reported from the calling thread only.</param>
    /// <param name="stage">The progress stage.</param>
    /// <param name="cancellationToken">Checked before every chunk.</param>
    public static void Run(ParallelRunner runner, int chunks, int chunkRows, long totalRows, Action<int, int> body, IProgress<SolverProgress>? progress, string stage, CancellationToken cancellationToken)
    {
        int next = -1;
        int completed = 0;
        bool failed = false;
        int caller = Environment.CurrentManagedThreadId;
        runner.Run(Math.Min(runner.Threads, chunks), worker =>
        {
            for (int chunk = Interlocked.Increment(ref next); chunk < chunks && !Volatile.Read(ref failed); chunk = Interlocked.Increment(ref next))
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    body(worker, chunk);
                }
                catch
                {
                    // The other workers stop at their next chunk instead of finishing the whole list.
                    Volatile.Write(ref failed, true);
                    throw;
                }

                int done = Interlocked.Increment(ref completed);
                if (progress is not null && Environment.CurrentManagedThreadId == caller)
                {
                    progress.Report(new SolverProgress(stage, Math.Min(totalRows, (long)done * chunkRows), totalRows));
                }
            }
        });
        progress?.Report(new SolverProgress(stage, totalRows, totalRows));
    }
}
