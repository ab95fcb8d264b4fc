using GroupReduce.Runtime.Kernels;

namespace GroupReduce.Runtime.Tests.Kernels;

/// <summary>
/// Every vector path of the row-dot kernel that this machine runs (512, 256 and the scalar fallback, whichever the
/// product would pick) gives the products of a plain double-precision loop, at every width and row count that
/// exercises a kernel edge: narrow rows, a vector's tail, the four-row blocks and the rows after them.
/// </summary>
public sealed class RowDotsTests
{
    private static readonly int[] Widths = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 100];
    private static readonly int[] Counts = [0, 1, 3, 4, 5, 8, 11];

    // Paths by name: the enum is internal, and a public test method may not take it.
    public static TheoryData<string> SupportedPaths() => new(VectorPaths.Supported.Select(path => path.ToString()));

    [Theory]
    [MemberData(nameof(SupportedPaths))]
    public void Every_forced_path_matches_the_scalar_reference(string pathName)
    {
        VectorPath path = Enum.Parse<VectorPath>(pathName);
        var random = new Random(17);
        foreach (int width in Widths)
        {
            foreach (int count in Counts)
            {
                float[] rows = Values(random, count * width);
                float[] t = Values(random, width + 3);
                int[] targets = [.. Enumerable.Range(0, count).Select(k => (k * 7) % (count + 5))];
                targets = [.. targets.Distinct()];
                float[] result = Enumerable.Repeat(float.NaN, count + 5).ToArray();

                RowDots.Scatter(rows, width, t, targets, result, path);

                for (int k = 0; k < targets.Length; k++)
                {
                    double expected = 0, magnitude = 0;
                    for (int j = 0; j < width; j++)
                    {
                        expected += (double)rows[(k * width) + j] * t[j];
                        magnitude += Math.Abs((double)rows[(k * width) + j] * t[j]);
                    }

                    float actual = result[targets[k]];
                    Assert.True(Math.Abs(actual - expected) <= 1e-6 * (1 + magnitude), $"{path}, width {width}, row {k} of {count}: {actual} vs {expected}");
                }

                // Places no target names keep what they held.
                Assert.All(Enumerable.Range(0, result.Length).Except(targets), i => Assert.True(float.IsNaN(result[i])));
            }
        }
    }

    [Fact]
    public void The_unforced_entry_point_takes_the_best_supported_path_bit_for_bit()
    {
        var random = new Random(5);
        foreach (int width in Widths)
        {
            float[] rows = Values(random, 9 * width);
            float[] t = Values(random, width);
            int[] targets = [.. Enumerable.Range(0, 9)];
            var chosen = new float[9];
            var best = new float[9];

            RowDots.Scatter(rows, width, t, targets, chosen);
            RowDots.Scatter(rows, width, t, targets, best, VectorPaths.Best);

            Assert.Equal(best, chosen);
        }
    }

    [Fact]
    public void A_block_shorter_than_its_rows_is_refused()
    {
        float[] result = new float[4];
        Assert.Throws<ArgumentException>(() => RowDots.Scatter(new float[15], 8, new float[8], [0, 1], result, VectorPath.Scalar));
        Assert.Throws<ArgumentException>(() => RowDots.Scatter(new float[16], 8, new float[7], [0, 1], result, VectorPath.Scalar));
    }

    private static float[] Values(Random random, int length) => [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1))];
}
