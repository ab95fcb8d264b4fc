using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// Perplexity as docs/language-model.md defines it: <c>exp(−(1/N) Σ log p(target))</c> over every prediction,
/// <c>&lt;unk&gt;</c> targets included. Batches are summed in order in double precision.
/// </summary>
public static class PerplexityMeter
{
    public static double Measure(NplmComputation computation, NplmWeights weights, ExampleSet examples, int batch)
    {
        ArgumentNullException.ThrowIfNull(computation);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        double logProbability = 0;
        for (int start = 0; start < examples.Count; start += batch)
        {
            int count = Math.Min(batch, examples.Count - start);
            logProbability += computation.LogProbability(weights, examples.ContextsOf(start, count), examples.TargetsOf(start, count));
        }

        return FromLogProbability(logProbability, examples.Count);
    }

    public static double FromLogProbability(double totalLogProbability, long predictions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(predictions, 1);
        return Math.Exp(-totalLogProbability / predictions);
    }
}
