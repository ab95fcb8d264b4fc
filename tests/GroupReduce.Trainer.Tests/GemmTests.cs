using GroupReduce.Plugins.Numerics;
using GroupReduce.Trainer.Numerics;

namespace GroupReduce.Trainer.Tests;

public sealed class GemmTests
{
    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(5, 19, 3, false, false)]
    [InlineData(37, 130, 300, false, true)]
    [InlineData(37, 130, 300, true, false)]
    [InlineData(64, 16, 9, true, true)]
    [InlineData(3, 40, 0, false, true)]
    public void Matches_a_double_reference(int m, int n, int k, bool aTransposed, bool accumulate)
    {
        var random = new SplitMix64(7);
        int lda = (aTransposed ? m : k) + 2;
        float[] a = Random(ref random, (aTransposed ? k : m) * lda + 1);
        int ldb = n + 3;
        float[] b = Random(ref random, Math.Max(1, k * ldb));
        int ldc = n + 1;
        float[] c = Random(ref random, m * ldc);
        float[] before = (float[])c.Clone();

        Gemm.Multiply(m, n, k, a, lda, aTransposed, b, ldb, c, ldc, accumulate, new ParallelOptions { MaxDegreeOfParallelism = 2 });

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = accumulate ? before[i * ldc + j] : 0;
                for (int p = 0; p < k; p++)
                {
                    expected += (double)(aTransposed ? a[p * lda + i] : a[i * lda + p]) * b[p * ldb + j];
                }

                Assert.Equal(expected, c[i * ldc + j], 1e-4 * Math.Sqrt(k + 1));
            }

            // Padding beyond n is left alone.
            Assert.Equal(before[i * ldc + n], c[i * ldc + n]);
        }
    }

    [Fact]
    public void Does_not_depend_on_the_thread_count()
    {
        var random = new SplitMix64(11);
        float[] a = Random(ref random, 70 * 500);
        float[] b = Random(ref random, 500 * 200);
        float[] one = new float[70 * 200];
        float[] many = new float[70 * 200];

        Gemm.Multiply(70, 200, 500, a, 500, false, b, 200, one, 200, false, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        Gemm.Multiply(70, 200, 500, a, 500, false, b, 200, many, 200, false, new ParallelOptions { MaxDegreeOfParallelism = 4 });

        Assert.Equal(one, many);
    }

    private static float[] Random(ref SplitMix64 random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextSymmetric(1f);
        }

        return values;
    }
}
