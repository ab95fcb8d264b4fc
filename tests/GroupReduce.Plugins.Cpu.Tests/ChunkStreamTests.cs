using GroupReduce.Abstractions.Solving;
using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Session;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>Chunks streamed over the workers: each once, progress from the calling thread, and prompt stops.</summary>
public sealed class ChunkStreamTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(2, 37)]
    [InlineData(3, 100)]
    public void Every_chunk_runs_once_and_progress_ends_at_the_total(int threads, int chunks)
    {
        using var runner = new ParallelRunner(threads);
        var hits = new int[chunks];
        var progress = new RecordingProgress();
        ChunkStream.Run(runner, chunks, 10, chunks * 10L, (_, chunk) => Interlocked.Increment(ref hits[chunk]), progress, "test", CancellationToken.None);
        Assert.All(hits, hit => Assert.Equal(1, hit));
        Assert.All(progress.Threads, thread => Assert.Equal(Environment.CurrentManagedThreadId, thread));
        Assert.Equal(new SolverProgress("test", chunks * 10L, chunks * 10L), progress.Reports[^1]);
        Assert.True(progress.Reports.Zip(progress.Reports.Skip(1)).All(pair => pair.First.Done <= pair.Second.Done));
    }

    [Fact]
    public void Cancellation_stops_the_stream()
    {
        using var runner = new ParallelRunner(2);
        using var source = new CancellationTokenSource();
        int done = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => ChunkStream.Run(runner, 1000, 1, 1000, (_, chunk) =>
        {
            if (Interlocked.Increment(ref done) == 10)
            {
                source.Cancel();
            }
        }, null, "test", source.Token));
        Assert.True(done < 1000, $"{done} chunks ran");
    }

    [Fact]
    public void A_failing_chunk_stops_the_other_workers()
    {
        using var runner = new ParallelRunner(2);
        int done = 0;
        var error = Assert.Throws<InvalidDataException>(() => ChunkStream.Run(runner, 100_000, 1, 100_000, (_, chunk) =>
        {
            Interlocked.Increment(ref done);
            if (chunk == 5)
            {
                throw new InvalidDataException("chunk 5");
            }
        }, null, "test", CancellationToken.None));
        Assert.Equal("chunk 5", error.Message);
        Assert.True(done < 100_000, $"{done} chunks ran");
    }

    private sealed class RecordingProgress : IProgress<SolverProgress>
    {
        private readonly Lock _lock = new();

        public List<SolverProgress> Reports { get; } = [];

        public List<int> Threads { get; } = [];

        public void Report(SolverProgress value)
        {
            lock (_lock)
            {
                Reports.Add(value);
                Threads.Add(Environment.CurrentManagedThreadId);
            }
        }
    }
}
