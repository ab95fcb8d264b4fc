using System.Diagnostics;
using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Model;

/// <summary>
/// Minibatch Adam on the mean cross-entropy of batches of examples, by the <see cref="EpochSchedule"/> every family
/// shares: examples reshuffled every epoch, the step size and the stop decided by the validation perplexity.
/// </summary>
public sealed class NplmTrainer(TrainingOptions options, TextWriter log)
{
    private const int EvaluationBatch = 256;
    private const int ReportEvery = 1000;

    public TrainingResult Train(NplmShape shape, IReadOnlyList<long> trainCounts, ExampleSet train, ExampleSet valid)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) };
        var clock = Stopwatch.StartNew();
        NplmWeights weights = NplmWeights.Initialize(shape, [.. trainCounts], options.Seed);
        var gradients = new NplmWeights(shape);
        var computation = new NplmComputation(shape, Math.Max(options.Batch, EvaluationBatch), parallel);
        int[] batchContexts = new int[options.Batch * shape.Context];
        int[] batchTargets = new int[options.Batch];

        double LossAndGradient(ArraySegment<int> examples)
        {
            for (int i = 0; i < examples.Count; i++)
            {
                int example = examples[i];
                train.ContextsOf(example, 1).CopyTo(batchContexts.AsSpan(i * shape.Context));
                batchTargets[i] = train.Targets[example];
            }

            return computation.LossAndGradient(weights, batchContexts.AsSpan(0, examples.Count * shape.Context), batchTargets.AsSpan(0, examples.Count), gradients);
        }

        var (best, epochsRun, bestEpoch, history) = new EpochSchedule(options, log, parallel).Run(
            weights, gradients, train.Count, "examples", ReportEvery, w => PerplexityMeter.Measure(computation, w, valid, EvaluationBatch), LossAndGradient, clock);
        return new TrainingResult(best, epochsRun, bestEpoch, history, clock.Elapsed);
    }
}
