using GroupReduce.Abstractions;
using GroupReduce.Core.Calibration;

namespace GroupReduce.Core.Tests.Calibration;

public sealed class RowMetricTests
{
    private static double[] Covariance(int d, int seed)
    {
        // Σ = A Aᵀ / d for a random A: symmetric, positive definite, far from the identity.
        var random = new Random(seed);
        double[] a = Enumerable.Range(0, d * d).Select(_ => random.NextDouble() - 0.5).ToArray();
        var sigma = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                for (int k = 0; k < d; k++)
                {
                    sigma[(i * d) + j] += a[(i * d) + k] * a[(j * d) + k] / d;
                }
            }
        }

        return sigma;
    }

    [Fact]
    public void The_whitened_squared_norm_is_the_metrics_quadratic_form()
    {
        const int d = 6;
        double[] sigma = Covariance(d, 1);
        const double epsilon = 0.01;
        RowMetric metric = RowMetric.FromCovariance(sigma, d, epsilon, "test");
        double ridge = epsilon * Enumerable.Range(0, d).Sum(j => sigma[(j * d) + j]) / d;
        float[] row = [0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f];

        double expected = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                expected += row[i] * (sigma[(i * d) + j] + (i == j ? ridge : 0)) * row[j];
            }
        }

        float[] whitened = (float[])row.Clone();
        metric.Whiten(whitened, 1);

        Assert.Equal(expected, whitened.Sum(x => (double)x * x), 4);
    }

    [Fact]
    public void Whitened_coefficients_on_the_mapped_back_basis_give_the_row_back()
    {
        // With the full identity basis V' = I, the coefficients are a L and the stored basis is L⁻ᵀ: (a L)(L⁻ᵀ)ᵀ = a.
        const int d = 5;
        RowMetric metric = RowMetric.FromCovariance(Covariance(d, 2), d, 0.001, "test");
        float[] identity = new float[d * d];
        for (int j = 0; j < d; j++)
        {
            identity[(j * d) + j] = 1;
        }

        float[] basis = metric.Unwhiten(identity, d);
        float[] row = [1f, -2f, 0.5f, 3f, -1f];
        float[] coefficients = (float[])row.Clone();
        metric.Whiten(coefficients, 1);

        for (int j = 0; j < d; j++)
        {
            double value = 0;
            for (int k = 0; k < d; k++)
            {
                value += coefficients[k] * basis[(j * d) + k];
            }

            Assert.Equal(row[j], value, 4);
        }
    }

    [Fact]
    public void A_metric_with_an_infinite_value_is_refused_by_name()
    {
        double[] sigma = [double.PositiveInfinity, 0, 0, 1];

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => RowMetric.FromCovariance(sigma, 2, 0.001, "7 hidden states in h.npy"));

        Assert.Equal("GR2142", error.Code);
        Assert.Contains("7 hidden states in h.npy", error.Message, StringComparison.Ordinal);
    }
}
