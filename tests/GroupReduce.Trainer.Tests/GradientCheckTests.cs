using GroupReduce.Plugins.Numerics;
using GroupReduce.Trainer.Model;
using GroupReduce.Trainer.Numerics;

namespace GroupReduce.Trainer.Tests;

/// <summary>The analytic gradient of the mean cross-entropy against central finite differences of the forward pass.</summary>
public sealed class GradientCheckTests
{
    [Theory]
    [InlineData(11, 3, 4, 5, 6)]     // every product in the scalar tails
    [InlineData(37, 2, 16, 16, 9)]   // vector tiles, with row and column tails
    public void AnalyticGradientMatchesFiniteDifferences(int vocabulary, int context, int embedding, int hidden, int batch)
    {
        var shape = new NplmShape(vocabulary, context, embedding, hidden);
        var random = new SplitMix64(3);
        var weights = new NplmWeights(shape);
        FiniteDifferences.Randomize(weights.All, ref random, 0.5f);

        // Few distinct context words, so several examples share embedding rows and the scatter-add is exercised.
        int[] contexts = [.. Enumerable.Range(0, batch * context).Select(_ => random.NextInt(Math.Min(vocabulary, 4)))];
        int[] targets = [.. Enumerable.Range(0, batch).Select(_ => random.NextInt(vocabulary))];
        var computation = new NplmComputation(shape, batch, new ParallelOptions { MaxDegreeOfParallelism = 2 });
        var gradients = new NplmWeights(shape);
        double loss = computation.LossAndGradient(weights, contexts, targets, gradients);

        Assert.Equal(-computation.LogProbability(weights, contexts, targets) / batch, loss, 1e-9);
        int checkedValues = FiniteDifferences.AssertMatch(weights.All, gradients.All, () => -computation.LogProbability(weights, contexts, targets) / batch);
        Assert.True(checkedValues > 100);
    }

    [Fact]
    public void Loss_is_the_mean_negative_log_softmax_of_the_documented_forward()
    {
        var shape = new NplmShape(5, 2, 3, 4);
        var random = new SplitMix64(5);
        var weights = new NplmWeights(shape);
        FiniteDifferences.Randomize(weights.All, ref random, 1f);

        int[] contexts = [1, 4, 0, 0];
        int[] targets = [2, 1];
        var computation = new NplmComputation(shape, 2, new ParallelOptions());

        double logProbability = computation.LogProbability(weights, contexts, targets);

        double expected = 0;
        for (int b = 0; b < 2; b++)
        {
            // x = [E[w_{t-1}] ; E[w_{t-2}]], h = tanh(W x + b), z = S h + c.
            double[] x = [.. Enumerable.Range(0, 2).SelectMany(j => weights.Embedding.Skip(contexts[b * 2 + j] * 3).Take(3)).Select(v => (double)v)];
            double[] h = new double[4];
            for (int r = 0; r < 4; r++)
            {
                double sum = weights.HiddenBias[r];
                for (int q = 0; q < 6; q++)
                {
                    sum += weights.HiddenWeight[r * 6 + q] * x[q];
                }

                h[r] = Math.Tanh(sum);
            }

            double[] z = new double[5];
            for (int v = 0; v < 5; v++)
            {
                z[v] = weights.SoftmaxBias[v] + Enumerable.Range(0, 4).Sum(r => weights.SoftmaxWeight[v * 4 + r] * h[r]);
            }

            expected += z[targets[b]] - Math.Log(z.Sum(Math.Exp));
        }

        Assert.Equal(expected, logProbability, 1e-5);
    }
}
