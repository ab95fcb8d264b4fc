using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The baseline the neural model must beat: p(w) = train count / all train predictions, over the same
/// vocabulary (so <c>&lt;unk&gt;</c> and <c>&lt;eos&gt;</c> carry their own counts) and the same predictions.
/// </summary>
public static class UnigramModel
{
    public static double Perplexity(Vocabulary vocabulary, ExampleSet examples)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(examples);
        double total = vocabulary.Counts.Sum();
        double logProbability = 0;
        foreach (int target in examples.Targets)
        {
            long count = vocabulary.Counts[target];
            if (count == 0)
            {
                return double.PositiveInfinity;
            }

            logProbability += Math.Log(count / total);
        }

        return PerplexityMeter.FromLogProbability(logProbability, examples.Count);
    }
}
