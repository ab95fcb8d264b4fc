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

    /// <summary>The gru family's perplexity over whole sentences, <paramref name="batch"/> sentences at a time, summed in order.</summary>
    public static double Measure(GruComputation computation, GruWeights weights, SentenceSet sentences, int batch = 64)
    {
        ArgumentNullException.ThrowIfNull(computation);
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        double logProbability = 0;
        var part = new List<int[]>(batch);
        for (int start = 0; start < sentences.Count; start += batch)
        {
            part.Clear();
            for (int i = start; i < Math.Min(sentences.Count, start + batch); i++)
            {
                part.Add(sentences.Sentences[i]);
            }

            logProbability += computation.LogProbability(weights, part);
        }

        return FromLogProbability(logProbability, sentences.Predictions);
    }

    public static double FromLogProbability(double totalLogProbability, long predictions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(predictions, 1);
        return Math.Exp(-totalLogProbability / predictions);
    }
}
