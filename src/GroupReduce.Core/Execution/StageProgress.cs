namespace GroupReduce.Core.Execution;

/// <summary>
/// Passes a count of units done to the observer as one stage's progress, synchronously (unlike <see cref="Progress{T}"/>,
/// which posts to the thread pool and can deliver counts out of order).
/// </summary>
/// <param name="observer">Receives the progress.</param>
/// <param name="stage">The stage's name, as the observer shows it.</param>
/// <param name="total">Units in all.</param>
internal sealed class StageProgress(IRunObserver observer, string stage, long total) : IProgress<long>
{
    public void Report(long value) => observer.Progress(stage, value, total);
}
