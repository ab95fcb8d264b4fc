namespace GroupReduce.Abstractions.Solving;

/// <summary>A configured solver. It owns its device state; the host disposes it after the run.</summary>
public interface ISolver : IDisposable
{
    /// <summary>The device the solver runs on.</summary>
    SolverDevice Device { get; }

    /// <summary>
    /// Opens a session on one matrix. <paramref name="weights"/> holds one positive weight per row
    /// (the word frequencies, scaled by the host so that their mean is 1).
    /// </summary>
    /// <param name="matrix">The matrix; valid until the session is disposed.</param>
    /// <param name="weights">One weight per row.</param>
    /// <returns>The session.</returns>
    ISolverSession Open(IRowMatrix matrix, ReadOnlyMemory<double> weights);

    /// <summary>Per-kernel counters accumulated over every session so far.</summary>
    /// <returns>The counters.</returns>
    IReadOnlyList<KernelStatistics> GetStatistics();
}
