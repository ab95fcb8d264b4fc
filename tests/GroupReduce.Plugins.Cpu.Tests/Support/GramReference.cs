namespace GroupReduce.Plugins.Cpu.Tests.Support;

/// <summary>Checks an upper-triangle Gram <c>XᵀX</c> against a double-precision sum, relative to the sum of the terms' magnitudes.</summary>
internal static class GramReference
{
    /// <summary>Asserts the upper triangle matches and the lower triangle is untouched (zero).</summary>
    /// <param name="x">The rows, n x d row-major.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="gram">The d x d Gram under test.</param>
    /// <param name="tolerance">Allowed error per unit of Σ|x_pi·x_pj|.</param>
    public static void AssertUpper(float[] x, int n, int d, double[] gram, double tolerance)
    {
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                if (j < i)
                {
                    Assert.Equal(0.0, gram[(i * d) + j]);
                    continue;
                }

                double sum = 0, magnitude = 0;
                for (int p = 0; p < n; p++)
                {
                    double product = (double)x[(p * d) + i] * x[(p * d) + j];
                    sum += product;
                    magnitude += Math.Abs(product);
                }

                Assert.True(Math.Abs(sum - gram[(i * d) + j]) <= tolerance * magnitude, $"({i},{j}) {gram[(i * d) + j]} vs {sum}");
            }
        }
    }
}
