using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Trainer.Tests;

/// <summary>What the families' gradient checks share: random weights, and every analytic gradient value against a central finite difference.</summary>
internal static class FiniteDifferences
{
    /// <summary>Fills every tensor uniformly in ±<paramref name="scale"/>, in order, from <paramref name="random"/>.</summary>
    public static void Randomize(IReadOnlyList<float[]> tensors, ref SplitMix64 random, float scale)
    {
        foreach (float[] tensor in tensors)
        {
            for (int i = 0; i < tensor.Length; i++)
            {
                tensor[i] = random.NextSymmetric(scale);
            }
        }
    }

    /// <summary>
    /// Moves each weight by ±<paramref name="step"/>, asserts that the central difference of <paramref name="loss"/>
    /// matches the analytic gradient, and returns how many values were checked.
    /// </summary>
    public static int AssertMatch(IReadOnlyList<float[]> weights, IReadOnlyList<float[]> gradients, Func<double> loss, float step = 1e-2f)
    {
        int checkedValues = 0;
        for (int t = 0; t < weights.Count; t++)
        {
            float[] tensor = weights[t];
            for (int i = 0; i < tensor.Length; i++)
            {
                float original = tensor[i];
                tensor[i] = original + step;
                double plus = loss();
                tensor[i] = original - step;
                double minus = loss();
                tensor[i] = original;
                double numeric = (plus - minus) / (2 * step);
                double analytic = gradients[t][i];
                Assert.True(
                    Math.Abs(numeric - analytic) <= 5e-4 + 2e-2 * Math.Abs(analytic),
                    $"tensor {t} element {i}: analytic {analytic}, finite difference {numeric}");
                checkedValues++;
            }
        }

        return checkedValues;
    }
}
