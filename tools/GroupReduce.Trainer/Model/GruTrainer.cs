using System.Diagnostics;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// Minibatch Adam on the mean cross-entropy of batches of whole sentences (backpropagation through each whole
/// sentence), sentences reshuffled every epoch by the seeded generator. The epoch schedule is
/// <see cref="NplmTrainer"/>'s: a clear validation gain keeps going, a small gain halves the step size, a loss
/// restores the best weights, halves the step size and counts a strike; two strikes (or the epoch limit) end
/// training with the best epoch's weights.
/// </summary>
public sealed class GruTrainer(TrainingOptions options, TextWriter log)
{
    private const double SmallGain = 0.01;
    private const int Strikes = 2;
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
        var adam = new AdamOptimizer(weights.All, parallel);
        var computation = new GruComputation(shape, endOfSentence, parallel);
        var shuffler = new SplitMix64(options.Seed ^ 0x5DEECE66DUL);
        int[] order = [.. Enumerable.Range(0, train.Count)];
        var batch = new List<int[]>(options.Batch);

        GruWeights best = weights.Clone();
        double bestPerplexity = PerplexityMeter.Measure(computation, weights, valid);
        log.WriteLine($"epoch 0 (unigram-initialised bias): valid perplexity {bestPerplexity:F2}");
        var history = new List<double>();
        int bestEpoch = 0, strikes = 0, epoch = 0;
        float rate = options.LearningRate;
        while (epoch < options.MaxEpochs && strikes < Strikes)
        {
            epoch++;
            shuffler.Shuffle(order);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += options.Batch)
            {
                int count = Math.Min(options.Batch, order.Length - start);
                batch.Clear();
                for (int i = 0; i < count; i++)
                {
                    batch.Add(train.Sentences[order[start + i]]);
                }

                lossSum += computation.LossAndGradient(weights, batch, gradients);
                adam.Step(weights.All, gradients.All, rate);
                if (++batches % ReportEvery == 0)
                {
                    log.WriteLine($"  epoch {epoch}: {start + count}/{order.Length} sentences, train perplexity of the last {ReportEvery} batches {Math.Exp(lossSum / ReportEvery):F1}, {clock.Elapsed.TotalSeconds:F0} s");
                    lossSum = 0;
                }
            }

            double perplexity = PerplexityMeter.Measure(computation, weights, valid);
            history.Add(perplexity);
            log.WriteLine($"epoch {epoch}: valid perplexity {perplexity:F2} (learning rate {rate:G3}, {clock.Elapsed.TotalSeconds:F0} s)");
            if (perplexity < bestPerplexity)
            {
                if (perplexity > bestPerplexity * (1 - SmallGain))
                {
                    rate *= 0.5f;
                }

                bestPerplexity = perplexity;
                bestEpoch = epoch;
                best.CopyFrom(weights);
            }
            else
            {
                strikes++;
                rate *= 0.5f;
                weights.CopyFrom(best);
                adam.Reset();
            }
        }

        return new GruTrainingResult(best, epoch, bestEpoch, history, clock.Elapsed);
    }
}
