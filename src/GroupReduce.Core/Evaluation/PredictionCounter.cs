namespace GroupReduce.Core.Evaluation;

/// <summary>
/// Counts the predictions a perplexity run has scored, from any of its threads, and reports the running total. Reported
/// under a lock so the totals arrive in increasing order: a progress line never goes backwards.
/// </summary>
/// <param name="progress">Receives the predictions scored so far; null for none.</param>
internal sealed class PredictionCounter(IProgress<long>? progress)
{
    private readonly object _gate = new();
    private long _done;

    public void Add(long predictions)
    {
        if (progress is null)
        {
            return;
        }

        lock (_gate)
        {
            _done += predictions;
            progress.Report(_done);
        }
    }
}
