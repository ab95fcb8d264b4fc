using GroupReduce.Plugins.Cpu.Kernels;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>The worker team: every index once, on a fixed thread, across sleeps, nesting and errors.</summary>
public sealed class ParallelRunnerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_index_runs_once_in_every_call(int threads)
    {
        using var runner = new ParallelRunner(threads);
        for (int call = 0; call < 2000; call++)
        {
            int count = call % 8;
            var hits = new int[count];
            runner.Run(count, index => Interlocked.Increment(ref hits[index]));
            Assert.All(hits, hit => Assert.Equal(1, hit));
            if (call % 500 == 499)
            {
                // Long enough for the helpers to stop spinning and sleep: the next call must wake them.
                Thread.Sleep(20);
            }
        }
    }

    [Fact]
    public void An_index_keeps_its_thread_and_the_caller_runs_index_zero()
    {
        using var runner = new ParallelRunner(3);
        var threads = new int[3];
        runner.Run(3, index => threads[index] = Environment.CurrentManagedThreadId);
        Assert.Equal(Environment.CurrentManagedThreadId, threads[0]);
        Assert.Equal(3, threads.Distinct().Count());
        for (int call = 0; call < 50; call++)
        {
            runner.Run(3, index => Assert.Equal(threads[index], Environment.CurrentManagedThreadId));
        }
    }

    [Fact]
    public void More_indices_than_threads_are_dealt_round_robin()
    {
        using var runner = new ParallelRunner(2);
        var threads = new int[5];
        runner.Run(5, index => threads[index] = Environment.CurrentManagedThreadId);
        Assert.Equal(threads[0], threads[2]);
        Assert.Equal(threads[0], threads[4]);
        Assert.Equal(threads[1], threads[3]);
        Assert.NotEqual(threads[0], threads[1]);
    }

    [Fact]
    public void A_call_from_inside_a_body_runs_inline_without_deadlock()
    {
        using var runner = new ParallelRunner(2);
        var inner = new int[2, 3];
        runner.Run(2, outer => runner.Run(3, index =>
        {
            inner[outer, index] = Environment.CurrentManagedThreadId;
        }));
        for (int outer = 0; outer < 2; outer++)
        {
            Assert.Equal(inner[outer, 0], inner[outer, 1]);
            Assert.Equal(inner[outer, 0], inner[outer, 2]);
        }
    }

    [Fact]
    public void A_workers_error_reaches_the_caller_and_the_runner_stays_usable()
    {
        using var runner = new ParallelRunner(2);
        var error = Assert.Throws<InvalidOperationException>(() => runner.Run(2, index =>
        {
            if (index == 1)
            {
                throw new InvalidOperationException("helper failed");
            }
        }));
        Assert.Equal("helper failed", error.Message);
        Assert.Throws<ArgumentException>(() => runner.Run(2, index => throw new ArgumentException($"index {index}")));

        int sum = 0;
        runner.Run(2, index => Interlocked.Add(ref sum, index + 1));
        Assert.Equal(3, sum);
    }

    [Fact]
    public void A_disposed_runner_refuses_work()
    {
        var runner = new ParallelRunner(2);
        runner.Run(2, _ => { });
        runner.Dispose();
        runner.Dispose();
        Assert.Throws<ObjectDisposedException>(() => runner.Run(2, _ => { }));
    }
}
