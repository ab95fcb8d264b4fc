using System.Diagnostics;
using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// Minibatch Adam on the mean cross-entropy of batches of whole sentences (backpropagation through each whole
/// sentence), by the <see cref="EpochSchedule"/> every family shares: sentences reshuffled every epoch, the step
/// size and the stop decided by the validation perplexity.
/// </summary>
public sealed class GruTrainer(TrainingOptions options, TextWriter log)
{
    private const int ReportEvery = 500;

    public GruTrainingResult Train(GruShape shape, IReadOnlyList<long> trainCounts, int endOfSentence, SentenceSet train, SentenceSet valid)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) };
        var clock = Stopwatch.StartNew();
        GruWeights weights = GruWeights.Initialize(shape, [.. trainCounts], options.Seed);
        var gradients = new GruWeights(shape);
        var computation = new GruComputation(shape, endOfSentence, parallel);
        var batch = new List<int[]>(options.Batch);

        double LossAndGradient(ArraySegment<int> sentences)
        {
            batch.Clear();
            foreach (int sentence in sentences)
            {
                batch.Add(train.Sentences[sentence]);
            }

            return computation.LossAndGradient(weights, batch, gradients);
        }

        var (best, epochsRun, bestEpoch, history) = new EpochSchedule(options, log, parallel).Run(
            weights, gradients, train.Count, "sentences", ReportEvery, w => PerplexityMeter.Measure(computation, w, valid), LossAndGradient, clock);
        return new GruTrainingResult(best, epochsRun, bestEpoch, history, clock.Elapsed);
    }
}
