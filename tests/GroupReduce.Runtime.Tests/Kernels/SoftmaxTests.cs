using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Runtime.Tests.Kernels;

/// <summary>The one log-sum-exp (the runtime's head and the engine's perplexity both use it) against plain double arithmetic.</summary>
public sealed class SoftmaxTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(10_000)]
    public void Log_sum_exp_matches_a_double_precision_reference_without_overflow(int length)
    {
        var random = new Random(length);

        // Logits far past exp's float range: only the shift by the maximum keeps the sum finite.
        float[] logits = [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 40) + 100))];
        double max = logits.Max();
        double expected = max + Math.Log(logits.Sum(z => Math.Exp(z - max)));

        float actual = Softmax.LogSumExp(logits);

        Assert.Equal(expected, actual, 1e-5 * Math.Abs(expected));
    }

    [Fact]
    public void Log_probabilities_sum_to_one_and_keep_the_logits_order()
    {
        float[] logits = [.. Enumerable.Range(0, 1000).Select(i => MathF.Sin(i) * 8)];
        float[] log = (float[])logits.Clone();

        Softmax.ToLogProbabilities(log);

        Assert.Equal(1.0, log.Sum(p => Math.Exp(p)), 1e-5);
        Assert.Equal(Array.IndexOf(logits, logits.Max()), Array.IndexOf(log, log.Max()));
    }

    [Fact]
    public void An_infinite_or_missing_maximum_is_returned_as_it_is()
    {
        Assert.Equal(float.PositiveInfinity, Softmax.LogSumExp([1f, float.PositiveInfinity]));
        Assert.Equal(float.NegativeInfinity, Softmax.LogSumExp([float.NegativeInfinity, float.NegativeInfinity]));
        Assert.True(float.IsNaN(Softmax.LogSumExp([1f, float.NaN])));
    }
}
