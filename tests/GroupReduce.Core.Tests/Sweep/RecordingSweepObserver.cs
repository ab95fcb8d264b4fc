using System.Collections.Concurrent;
using GroupReduce.Abstractions;
using GroupReduce.Core.Sweep;

namespace GroupReduce.Core.Tests.Sweep;

/// <summary>Records the cells a sweep reports, and can run an action when one finishes (to cancel mid-sweep).</summary>
internal sealed class RecordingSweepObserver(Action<SweepCellResult>? onFinished = null) : ISweepObserver
{
    public ConcurrentQueue<string> Started { get; } = new();

    public ConcurrentQueue<SweepCellResult> Finished { get; } = new();

    public void CellStarting(SweepCell cell, int index, int count) => Started.Enqueue($"{index}/{count} {cell.Name}");

    public void CellFinished(SweepCellResult result, int index, int count)
    {
        Finished.Enqueue(result);
        onFinished?.Invoke(result);
    }

    public void Info(string message)
    {
    }

    public void Warning(string code, string message, SourceLocation? location)
    {
    }

    public void Progress(string stage, long done, long total)
    {
    }
}
