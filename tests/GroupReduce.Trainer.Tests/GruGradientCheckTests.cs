using GroupReduce.Plugins.Numerics;
using GroupReduce.Trainer.Model;

namespace GroupReduce.Trainer.Tests;

/// <summary>The gru family's analytic gradient (backpropagation through time) against central finite differences, and its forward against the documented equations.</summary>
public sealed class GruGradientCheckTests
{
    [Theory]
    [InlineData(11, 4, 5, new[] { 3, 0, 5, 1 })]          // scalar tails everywhere; an empty sentence
    [InlineData(37, 16, 16, new[] { 7, 2, 7, 4, 1, 6 })]   // vector tiles; equal lengths keep batch order
    public void AnalyticGradientMatchesFiniteDifferences(int vocabulary, int embedding, int hidden, int[] lengths)
    {
        var shape = new GruShape(vocabulary, embedding, hidden);
        var random = new SplitMix64(3);
        var weights = new GruWeights(shape);
        FiniteDifferences.Randomize(weights.All, ref random, 0.5f);

        // Few distinct words, so several rows share embedding rows and the scatter-add is exercised.
        int[][] batch = [.. lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.NextInt(Math.Min(vocabulary, 4))).ToArray())];
        int predictions = lengths.Sum() + lengths.Length;
        var computation = new GruComputation(shape, vocabulary - 1, new ParallelOptions { MaxDegreeOfParallelism = 2 });
        var gradients = new GruWeights(shape);
        double loss = computation.LossAndGradient(weights, batch, gradients);

        Assert.Equal(-computation.LogProbability(weights, batch) / predictions, loss, 1e-9);
        int checkedValues = FiniteDifferences.AssertMatch(weights.All, gradients.All, () => -computation.LogProbability(weights, batch) / predictions);
        Assert.True(checkedValues > 100);
    }

    [Fact]
    public void Log_probability_follows_pytorchs_gru_equations_from_a_zero_state()
    {
        var shape = new GruShape(6, 3, 4);
        var random = new SplitMix64(5);
        var weights = new GruWeights(shape);
        FiniteDifferences.Randomize(weights.All, ref random, 1f);

        const int eos = 5;
        int[][] batch = [[1, 4], [2, 0, 3]];
        var computation = new GruComputation(shape, eos, new ParallelOptions());

        double logProbability = computation.LogProbability(weights, batch);

        double expected = 0;
        foreach (int[] sentence in batch)
        {
            double[] h = new double[4];
            for (int t = 0; t <= sentence.Length; t++)
            {
                int input = t == 0 ? eos : sentence[t - 1];
                int target = t < sentence.Length ? sentence[t] : eos;
                double Gate(float[] w, float[] b, int row, int width, Func<int, double> v) => b[row] + Enumerable.Range(0, width).Sum(k => w[row * width + k] * v(k));
                double Ih(int row) => Gate(weights.InputWeight, weights.InputBias, row, 3, k => weights.Embedding[input * 3 + k]);
                double Hh(int row) => Gate(weights.HiddenWeight, weights.HiddenBias, row, 4, k => h[k]);
                double[] next = new double[4];
                for (int j = 0; j < 4; j++)
                {
                    double r = 1 / (1 + Math.Exp(-(Ih(j) + Hh(j))));
                    double z = 1 / (1 + Math.Exp(-(Ih(4 + j) + Hh(4 + j))));
                    double n = Math.Tanh(Ih(8 + j) + r * Hh(8 + j));
                    next[j] = (1 - z) * n + z * h[j];
                }

                h = next;
                double[] logits = [.. Enumerable.Range(0, 6).Select(v => weights.SoftmaxBias[v] + Enumerable.Range(0, 4).Sum(j => weights.SoftmaxWeight[v * 4 + j] * h[j]))];
                expected += logits[target] - Math.Log(logits.Sum(Math.Exp));
            }
        }

        Assert.Equal(expected, logProbability, 1e-5);
    }
}
