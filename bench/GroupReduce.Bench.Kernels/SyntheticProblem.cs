using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Bench.Kernels;

/// <summary>An embedding-like matrix: Gaussian rows with a decaying spectrum, mixed by a random d x d matrix (built with the plugin's own GEMM).</summary>
internal static unsafe class SyntheticProblem
{
    public static float[] Create(DenseKernels kernels, int rows, int d, int seed)
    {
        var random = new Random(seed);
        var mixing = new float[d * d];
        double scale = 1 / Math.Sqrt(d);
        for (int i = 0; i < mixing.Length; i++)
        {
            mixing[i] = (float)(Gaussian(random) * scale);
        }

        var latent = new float[(long)rows * d];
        Parallel.For(0, rows / 1024 + 1, block =>
        {
            var local = new Random(seed + 1 + block);
            for (int i = block * 1024; i < Math.Min(rows, (block + 1) * 1024); i++)
            {
                for (int k = 0; k < d; k++)
                {
                    latent[((long)i * d) + k] = (float)(Gaussian(local) / Math.Pow(k + 1, 0.6));
                }
            }
        });

        var values = new float[(long)rows * d];
        fixed (float* z = latent, m = mixing, a = values)
        {
            kernels.Multiply(new MatrixView<float>(z, rows, d, d), new MatrixView<float>(m, d, d, d), a, d);
        }

        return values;
    }

    public static double[] ZipfWeights(int rows)
    {
        var weights = new double[rows];
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            weights[i] = 1.0 / (i + 1);
            sum += weights[i];
        }

        for (int i = 0; i < rows; i++)
        {
            weights[i] *= rows / sum;
        }

        return weights;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
