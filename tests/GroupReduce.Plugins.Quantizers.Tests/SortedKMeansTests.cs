using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Quantizers.Tests;

public class SortedKMeansTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(8, 2)]
    [InlineData(16, 3)]
    [InlineData(64, 4)]
    public void Converged_centres_are_the_means_of_their_nearest_points(int k, int seed)
    {
        float[] sorted = TestData.Gaussian(50, 40, seed).Select(x => x * x * Math.Sign(x)).Order().ToArray();
        var random = new SplitMix64((ulong)seed);

        double[] centres = new SortedKMeans(sorted).Fit(k, 10000, ref random);

        Assert.Equal(k, centres.Length);
        Assert.Equal(centres.Order().ToArray(), centres);
        var members = new List<double>[k];
        for (int j = 0; j < k; j++)
        {
            members[j] = [];
        }

        foreach (float x in sorted)
        {
            int nearest = 0;
            for (int j = 1; j < k; j++)
            {
                if (Math.Abs(x - centres[j]) < Math.Abs(x - centres[nearest]))
                {
                    nearest = j;
                }
            }

            members[nearest].Add(x);
        }

        for (int j = 0; j < k; j++)
        {
            Assert.NotEmpty(members[j]);
            Assert.Equal(members[j].Average(), centres[j], 9);
        }
    }

    [Fact]
    public void Lloyd_iterations_never_increase_the_error()
    {
        float[] sorted = TestData.Gaussian(40, 50, 5).Order().ToArray();
        var kmeans = new SortedKMeans(sorted);
        double previous = double.PositiveInfinity;

        foreach (int iterations in new[] { 0, 1, 2, 5, 20, 100 })
        {
            var random = new SplitMix64(7);
            double error = kmeans.Error(kmeans.Fit(16, iterations, ref random));
            Assert.True(error <= previous * (1 + 1e-12), $"{iterations} iterations: {error} > {previous}");
            previous = error;
        }
    }

    [Fact]
    public void Error_matches_a_direct_sum()
    {
        float[] sorted = [-3f, -1f, 0f, 0.5f, 2f, 10f];
        double[] centres = [-2, 0.25, 6];

        double error = new SortedKMeans(sorted).Error(centres);

        double expected = 1 + 1 + 0.0625 + 0.0625 + 3.0625 + 16;
        Assert.Equal(expected, error, 12);
    }

    [Fact]
    public void Clusters_with_duplicates_are_split_rather_than_left_empty()
    {
        // Many copies of a few values plus a spread: seeding can pick repeated points.
        float[] sorted = Enumerable.Repeat(0f, 500).Concat(Enumerable.Repeat(1f, 500)).Concat(Enumerable.Range(0, 20).Select(i => 2f + i)).Order().ToArray();
        var random = new SplitMix64(1);

        double[] centres = new SortedKMeans(sorted).Fit(8, 50, ref random);

        Assert.Equal(8, centres.Distinct().Count());
    }
}
