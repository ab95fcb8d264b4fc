using System.Diagnostics;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// The epoch loop every family trains by: minibatch Adam over the training items, reshuffled every epoch by the
/// seeded generator. After each epoch the validation perplexity decides: a clear gain keeps going, a small gain
/// halves the step size, and a loss restores the best weights, halves the step size and counts a strike; two
/// strikes (or the epoch limit) end training with the best epoch's weights. The family supplies only how a batch
/// of items becomes a loss and gradient, and how the validation perplexity is measured.
/// </summary>
public sealed class EpochSchedule(TrainingOptions options, TextWriter log, ParallelOptions parallel)
{
    private const double SmallGain = 0.01;
    private const int Strikes = 2;

    /// <summary>Trains <paramref name="weights"/> in place and returns a copy of the best epoch's weights.</summary>
    /// <param name="weights">The initialised weights, trained in place.</param>
    /// <param name="gradients">Where <paramref name="lossAndGradient"/> leaves the batch's gradient.</param>
    /// <param name="items">How many training items (examples, sentences) there are.</param>
    /// <param name="unit">The items' name in the progress lines.</param>
    /// <param name="reportEvery">Batches between progress lines.</param>
    /// <param name="validPerplexity">The validation perplexity of the given weights.</param>
    /// <param name="lossAndGradient">The mean loss of the batch of item numbers, its gradient written to <paramref name="gradients"/>.</param>
    /// <param name="clock">Running since training began, for the log.</param>
    public (TWeights Best, int EpochsRun, int BestEpoch, IReadOnlyList<double> ValidPerplexities) Run<TWeights>(
        TWeights weights,
        TWeights gradients,
        int items,
        string unit,
        int reportEvery,
        Func<TWeights, double> validPerplexity,
        Func<ArraySegment<int>, double> lossAndGradient,
        Stopwatch clock)
        where TWeights : ModelWeights<TWeights>
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(validPerplexity);
        ArgumentNullException.ThrowIfNull(lossAndGradient);
        ArgumentNullException.ThrowIfNull(clock);
        var adam = new AdamOptimizer(weights.All, parallel);
        var shuffler = new SplitMix64(options.Seed ^ 0x5DEECE66DUL);
        int[] order = [.. Enumerable.Range(0, items)];

        TWeights best = weights.Clone();
        double bestPerplexity = validPerplexity(weights);
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
                lossSum += lossAndGradient(new ArraySegment<int>(order, start, count));
                adam.Step(weights.All, gradients.All, rate);
                if (++batches % reportEvery == 0)
                {
                    log.WriteLine($"  epoch {epoch}: {start + count}/{order.Length} {unit}, train perplexity of the last {reportEvery} batches {Math.Exp(lossSum / reportEvery):F1}, {clock.Elapsed.TotalSeconds:F0} s");
                    lossSum = 0;
                }
            }

            double perplexity = validPerplexity(weights);
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

        return (best, epoch, bestEpoch, history);
    }
}
