using System.Diagnostics;
using GroupReduce.Plugins.Numerics;
using GroupReduce.Trainer.Corpus;
using GroupReduce.Trainer.Numerics;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// Minibatch Adam on the mean cross-entropy, examples reshuffled every epoch by the seeded generator.
/// After each epoch the validation perplexity decides: a clear gain keeps going, a small gain halves the
/// step size, and a loss restores the best weights, halves the step size and counts a strike; two strikes
/// (or the epoch limit) end training with the best epoch's weights.
/// </summary>
public sealed class NplmTrainer(TrainingOptions options, TextWriter log)
{
    private const double SmallGain = 0.01;
    private const int Strikes = 2;
    private const int EvaluationBatch = 256;

    public TrainingResult Train(NplmShape shape, IReadOnlyList<long> trainCounts, ExampleSet train, ExampleSet valid)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) };
        var clock = Stopwatch.StartNew();
        NplmWeights weights = NplmWeights.Initialize(shape, [.. trainCounts], options.Seed);
        var gradients = new NplmWeights(shape);
        var adam = new AdamOptimizer(weights.All, parallel);
        var computation = new NplmComputation(shape, Math.Max(options.Batch, EvaluationBatch), parallel);
        var shuffler = new SplitMix64(options.Seed ^ 0x5DEECE66DUL);
        int[] order = [.. Enumerable.Range(0, train.Count)];
        int[] batchContexts = new int[options.Batch * shape.Context];
        int[] batchTargets = new int[options.Batch];

        NplmWeights best = weights.Clone();
        double bestPerplexity = PerplexityMeter.Measure(computation, weights, valid, EvaluationBatch);
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
                for (int i = 0; i < count; i++)
                {
                    int example = order[start + i];
                    train.ContextsOf(example, 1).CopyTo(batchContexts.AsSpan(i * shape.Context));
                    batchTargets[i] = train.Targets[example];
                }

                lossSum += computation.LossAndGradient(weights, batchContexts.AsSpan(0, count * shape.Context), batchTargets.AsSpan(0, count), gradients);
                adam.Step(weights.All, gradients.All, rate);
                if (++batches % 1000 == 0)
                {
                    log.WriteLine($"  epoch {epoch}: {start + count}/{order.Length} examples, train perplexity of the last 1000 batches {Math.Exp(lossSum / 1000):F1}, {clock.Elapsed.TotalSeconds:F0} s");
                    lossSum = 0;
                }
            }

            double perplexity = PerplexityMeter.Measure(computation, weights, valid, EvaluationBatch);
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

        return new TrainingResult(best, epoch, bestEpoch, history, clock.Elapsed);
    }
}
