using System.Runtime.ExceptionServices;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// Runs one body per worker index. The work each index does is fixed by the caller's partition, never by
/// scheduling, which is what keeps results bitwise identical for any thread count.
/// </summary>
internal sealed class ParallelRunner
{
    private readonly ParallelOptions _options;

    /// <summary>Creates a runner.</summary>
    /// <param name="threads">How many workers at most.</param>
    public ParallelRunner(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _options = new ParallelOptions { MaxDegreeOfParallelism = threads };
    }

    /// <summary>How many workers at most.</summary>
    public int Threads { get; }

    /// <summary>Runs <paramref name="body"/> for every index in <c>[0, count)</c> and waits for all of them.</summary>
    /// <param name="count">How many indices (usually <see cref="Threads"/> or fewer).</param>
    /// <param name="body">The work of one index.</param>
    public void Run(int count, Action<int> body)
    {
        if (count <= 1)
        {
            if (count == 1)
            {
                body(0);
            }

            return;
        }

        try
        {
            Parallel.For(0, count, _options, body);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count >= 1)
        {
            // Callers and users should see the worker's own error, not the wrapper.
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
