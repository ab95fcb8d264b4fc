namespace GroupReduce.Plugins.Cpu.Tests.Support;

/// <summary>Deterministic synthetic matrices.</summary>
internal static class TestData
{
    public static double Gaussian(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
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

    public static double[] UniformDouble(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (random.NextDouble() * 2) - 1;
        }

        return values;
    }

    /// <summary>Rows a_i = z_i · diag(s) · Qᵀ with Gaussian z and a random rotation Q: a spectrum shaped by <paramref name="scales"/>.</summary>
    public static float[] Spectral(int rows, int columns, Func<int, double> scales, int seed)
    {
        var random = new Random(seed);
        double[,] rotation = RandomOrthogonal(columns, random);
        var values = new float[rows * columns];
        var z = new double[columns];
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < columns; k++)
            {
                z[k] = Gaussian(random) * scales(k);
            }

            for (int j = 0; j < columns; j++)
            {
                double sum = 0;
                for (int k = 0; k < columns; k++)
                {
                    sum += z[k] * rotation[j, k];
                }

                values[(i * columns) + j] = (float)sum;
            }
        }

        return values;
    }

    /// <summary>Zipf-like weights with mean 1.</summary>
    public static double[] ZipfWeights(int rows, double exponent = 0.8)
    {
        var weights = new double[rows];
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            weights[i] = 1.0 / Math.Pow(i + 1, exponent);
            sum += weights[i];
        }

        for (int i = 0; i < rows; i++)
        {
            weights[i] *= rows / sum;
        }

        return weights;
    }

    public static double[] Ones(int rows) => Enumerable.Repeat(1.0, rows).ToArray();

    public static double[,] RandomOrthogonal(int size, Random random)
    {
        var q = new double[size, size];
        for (int j = 0; j < size; j++)
        {
            for (int i = 0; i < size; i++)
            {
                q[i, j] = Gaussian(random);
            }

            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < size; i++)
                    {
                        dot += q[i, j] * q[i, k];
                    }

                    for (int i = 0; i < size; i++)
                    {
                        q[i, j] -= dot * q[i, k];
                    }
                }
            }

            double norm = 0;
            for (int i = 0; i < size; i++)
            {
                norm += q[i, j] * q[i, j];
            }

            norm = Math.Sqrt(norm);
            for (int i = 0; i < size; i++)
            {
                q[i, j] /= norm;
            }
        }

        return q;
    }
}
