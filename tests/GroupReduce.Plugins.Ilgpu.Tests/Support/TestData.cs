namespace GroupReduce.Plugins.Ilgpu.Tests.Support;

/// <summary>Seeded test matrices: a few latent directions plus noise, so bases have clear leading components.</summary>
internal static class TestData
{
    public static float[] Matrix(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var latent = new float[4 * columns];
        for (int i = 0; i < latent.Length; i++)
        {
            latent[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var values = new float[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                float z = (float)((random.NextDouble() * 2) - 1) * (4 - k);
                for (int j = 0; j < columns; j++)
                {
                    values[(i * columns) + j] += z * latent[(k * columns) + j];
                }
            }

            for (int j = 0; j < columns; j++)
            {
                values[(i * columns) + j] += (float)(0.3 * ((random.NextDouble() * 2) - 1));
            }
        }

        return values;
    }

    public static float[] Uniform(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Zipf-like weights with mean 1, as the host passes them.</summary>
    public static double[] Weights(int rows)
    {
        double[] weights = [.. Enumerable.Range(0, rows).Select(i => 1.0 / (i + 1))];
        double mean = weights.Average();
        return [.. weights.Select(w => w / mean)];
    }
}
