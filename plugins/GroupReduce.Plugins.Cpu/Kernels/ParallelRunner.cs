using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// Runs one body per worker index on a team of threads that stay with the runner: the caller runs index 0 and one
/// helper thread per further worker runs its own index, so index <c>i</c> always runs on the same thread. Helpers spin
/// briefly for the next call before they sleep, because the streaming kernels call back within microseconds and
/// waking a sleeping pool thread costs a hundred or more. The work each index does is fixed by the caller's partition,
/// never by scheduling, which is what keeps results bitwise identical for any thread count.
/// </summary>
internal sealed class ParallelRunner : IDisposable
{
    // How long an idle thread spins before it sleeps: well above the gap between two calls of a streaming kernel,
    // short enough that an idle team gives its cores back almost at once.
    private static readonly long SpinTicks = Stopwatch.Frequency / 2000;

    [ThreadStatic]
    private static bool t_inBody;

    private readonly Helper[] _helpers;
    private readonly SemaphoreSlim _done = new(0);
    private Action<int>? _body;
    private int _count;
    private int _pending;
    private int _generation;
    private int _callerSleeping;
    private ExceptionDispatchInfo? _error;
    private bool _started;
    private volatile bool _disposed;

    /// <summary>Creates a runner; its helper threads start at the first parallel call.</summary>
    /// <param name="threads">How many workers at most.</param>
    public ParallelRunner(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _helpers = new Helper[threads - 1];
    }

    /// <summary>How many workers at most.</summary>
    public int Threads { get; }

    /// <summary>
    /// Runs <paramref name="body"/> for every index in <c>[0, count)</c> and waits for all of them: index <c>i</c> on
    /// worker <c>i mod Threads</c>. A call made from inside a body runs its indices one after another on that thread.
    /// </summary>
    /// <param name="count">How many indices (usually <see cref="Threads"/> or fewer).</param>
    /// <param name="body">The work of one index.</param>
    public void Run(int count, Action<int> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count <= 1 || Threads == 1 || t_inBody)
        {
            for (int index = 0; index < count; index++)
            {
                body(index);
            }

            return;
        }

        StartHelpers();
        _body = body;
        _count = count;
        _error = null;

        // Every helper takes part in every call, with or without indices, so none can still be reading the fields of
        // an earlier call when they are written. The increment publishes them; a helper that went to sleep is woken.
        Volatile.Write(ref _pending, _helpers.Length);
        Interlocked.Increment(ref _generation);
        foreach (Helper helper in _helpers)
        {
            helper.Wake();
        }

        RunIndices(0);
        WaitForHelpers();
        _body = null;
        _error?.Throw();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Interlocked.Increment(ref _generation);
        foreach (Helper? helper in _helpers)
        {
            helper?.Wake();
        }
    }

    /// <summary>Spins while <paramref name="value"/> equals <paramref name="unchanged"/>, for at most <see cref="SpinTicks"/>.</summary>
    /// <returns>Whether the value changed.</returns>
    private static bool SpinWhile(ref int value, int unchanged)
    {
        long start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref value) == unchanged)
        {
            if (Stopwatch.GetTimestamp() - start > SpinTicks)
            {
                return false;
            }

            Thread.SpinWait(16);
        }

        return true;
    }

    private void StartHelpers()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        for (int h = 0; h < _helpers.Length; h++)
        {
            _helpers[h] = new Helper(this, h + 1);
        }
    }

    private void RunIndices(int worker)
    {
        t_inBody = true;
        try
        {
            for (int index = worker; index < _count; index += Threads)
            {
                _body!(index);
            }
        }
        catch (Exception error)
        {
            // Callers and users should see the worker's own error; the first one wins.
            Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(error), null);
        }
        finally
        {
            t_inBody = false;
        }
    }

    private void WaitForHelpers()
    {
        while (Volatile.Read(ref _pending) != 0)
        {
            int pending = Volatile.Read(ref _pending);
            if (pending == 0 || SpinWhile(ref _pending, pending))
            {
                continue;
            }

            // Announce the sleep, then look once more: a helper finishing in between sees the flag and wakes us.
            Interlocked.Exchange(ref _callerSleeping, 1);
            if (Volatile.Read(ref _pending) != 0)
            {
                _done.Wait();
            }

            Interlocked.Exchange(ref _callerSleeping, 0);
        }
    }

    private void Finished()
    {
        if (Interlocked.Decrement(ref _pending) == 0 && Interlocked.Exchange(ref _callerSleeping, 0) == 1)
        {
            _done.Release();
        }
    }

    /// <summary>One helper thread: it runs worker index <see cref="_worker"/> of every call.</summary>
    private sealed class Helper
    {
        private readonly ParallelRunner _owner;
        private readonly int _worker;
        private readonly SemaphoreSlim _wake = new(0);
        private int _sleeping;

        public Helper(ParallelRunner owner, int worker)
        {
            _owner = owner;
            _worker = worker;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"GroupReduce CPU worker {worker}" };
            thread.Start();
        }

        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _wake.Release();
            }
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                if (!SpinWhile(ref _owner._generation, seen))
                {
                    // Announce the sleep, then look once more: a call made in between sees the flag and wakes us.
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _owner._generation) == seen)
                    {
                        _wake.Wait();
                    }

                    Interlocked.Exchange(ref _sleeping, 0);
                    continue;
                }

                seen = Volatile.Read(ref _owner._generation);
                if (_owner._disposed)
                {
                    return;
                }

                _owner.RunIndices(_worker);
                _owner.Finished();
            }
        }
    }
}
