using GroupReduce.Plugins.Cpu.Kernels;
using GroupReduce.Plugins.Cpu.Tests.Support;

namespace GroupReduce.Plugins.Cpu.Tests;

/// <summary>Sums of squares on every length (vector bodies and tails) against plain double sums, and the padded strides.</summary>
public sealed unsafe class SquareSumsTests
{
    [Fact]
    public void Sums_match_double_sums_for_every_length()
    {
        float[] x = TestData.Uniform(1100, 71);
        float[] y = TestData.Uniform(1100, 72);
        fixed (float* px = x, py = y)
        {
            foreach (int count in Enumerable.Range(0, 70).Concat([1023, 1024, 1025, 1100]))
            {
                double squares = 0, differences = 0;
                for (int i = 0; i < count; i++)
                {
                    squares += (double)x[i] * x[i];
                    double difference = (double)x[i] - y[i];
                    differences += difference * difference;
                }

                Assert.Equal(squares, SquareSums.Of(px, count), 1e-12 * Math.Max(1, squares));
                Assert.Equal(differences, SquareSums.OfDifference(px, py, count), 1e-12 * Math.Max(1, differences));
            }
        }
    }

    [Fact]
    public void Per_block_sums_each_groups_slice()
    {
        float[] row = TestData.Uniform(57, 73);
        int[] offsets = [0, 3, 3, 40, 57];
        var output = new float[4];
        fixed (float* pr = row, po = output)
        {
            SquareSums.PerBlock(pr, offsets, po);
        }

        for (int g = 0; g < 4; g++)
        {
            double expected = row[offsets[g]..offsets[g + 1]].Sum(v => (double)v * v);
            Assert.Equal((float)expected, output[g], 1e-6f * (float)Math.Max(1, expected));
        }
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(16, 16)]
    [InlineData(17, 48)]
    [InlineData(520, 528)]
    [InlineData(1024, 1040)]
    public void Padded_strides_are_an_odd_number_of_lines(int columns, int expected)
    {
        int stride = PaddedStride.Of<float>(columns);
        Assert.Equal(expected, stride);
        Assert.True(stride >= columns && stride / 16 % 2 == 1);
        Assert.Equal(8 * 17, PaddedStride.Of<double>(129));
    }
}
