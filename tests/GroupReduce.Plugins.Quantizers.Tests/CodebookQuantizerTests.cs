using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Quantizers.Tests;

public class CodebookQuantizerTests
{
    private static IQuantizer Create(params (string Key, string Value)[] options) =>
        new CodebookQuantizerFactory().Create(SpecOptions.Of("codebook", options), SpecOptions.Context());

    public static TheoryData<int, int, int> BitsAndShapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int bits in new[] { 1, 2, 3, 4, 5, 8 })
        {
            foreach ((int rows, int columns) in new[] { (1, 1), (3, 5), (7, 33), (100, 64), (0, 8), (4, 0) })
            {
                data.Add(bits, rows, columns);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BitsAndShapes))]
    public void Bytes_match_the_codebook_is_sorted_and_every_value_maps_to_its_nearest_centroid(int bits, int rows, int columns)
    {
        IQuantizer quantizer = Create(("bits", bits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        float[] values = TestData.Gaussian(rows, columns, 21);

        QuantizedTensor tensor = quantizer.Quantize(values, rows, columns);

        Assert.Equal(quantizer.TensorBytes(rows, columns), tensor.Bytes);
        Assert.Equal(QuantizationScheme.Codebook, tensor.Scheme);
        Assert.Equal(1 << bits, tensor.Codebook.Length);
        Assert.Equal(tensor.Codebook.Order().ToArray(), tensor.Codebook);
        for (int row = 0; row < rows; row++)
        {
            for (int j = 0; j < columns; j++)
            {
                double x = values[(row * columns) + j];
                int index = BitPacking.ReadUnsigned(tensor.Data.AsSpan(row * tensor.RowBytes, tensor.RowBytes), bits, j);
                double nearest = tensor.Codebook.Min(c => Math.Abs(x - c));
                Assert.Equal(nearest, Math.Abs(x - tensor.Codebook[index]));
            }
        }
    }

    [Fact]
    public void Few_distinct_values_are_represented_exactly()
    {
        float[] values = [0.5f, -1f, 0.5f, 3f, -1f, 3f, 0f, 0f, 0.5f];

        QuantizedTensor tensor = Create(("bits", "2")).Quantize(values, 3, 3);

        Assert.Equal([-1f, 0f, 0.5f, 3f], tensor.Codebook);
        Assert.Equal(values, TestData.Decode(tensor));
    }

    [Fact]
    public void A_constant_tensor_decodes_exactly()
    {
        float[] values = Enumerable.Repeat(-2.5f, 40).ToArray();

        QuantizedTensor tensor = Create().Quantize(values, 4, 10);

        Assert.Equal(values, TestData.Decode(tensor));
        Assert.All(tensor.Codebook, c => Assert.Equal(-2.5f, c));
    }

    [Fact]
    public void Centroids_find_separated_clusters()
    {
        var random = new Random(3);
        float[] centres = [-10f, -1f, 4f, 20f];
        float[] values = Enumerable.Range(0, 4000).Select(i => centres[i % 4] + (float)((random.NextDouble() - 0.5) * 0.2)).ToArray();

        QuantizedTensor tensor = Create(("bits", "2")).Quantize(values, 40, 100);
        float[] decoded = TestData.Decode(tensor);

        for (int c = 0; c < 4; c++)
        {
            Assert.Equal(centres[c], tensor.Codebook[c], 0.02f);
        }

        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - decoded[i]) < 0.2);
        }
    }

    [Fact]
    public void Four_bit_codebook_beats_a_uniform_four_bit_grid_on_gaussian_data()
    {
        float[] values = TestData.Gaussian(200, 64, 22);
        float maxAbs = values.Max(Math.Abs);
        double gridError = values.Sum(x => Math.Pow(x - (Math.Round(x / (maxAbs / 7)) * (maxAbs / 7)), 2));

        float[] decoded = TestData.Decode(Create().Quantize(values, 200, 64));
        double codebookError = values.Select((x, i) => Math.Pow(x - decoded[i], 2)).Sum();

        Assert.True(codebookError < gridError, $"codebook {codebookError} vs grid {gridError}");
    }

    [Fact]
    public void Sampling_is_deterministic_and_the_seed_matters()
    {
        float[] values = TestData.Gaussian(300, 512, 23);
        IQuantizer serial = new CodebookQuantizerFactory().Create(SpecOptions.Of("codebook", ("sample", "5000")), SpecOptions.Context(1));
        IQuantizer parallel = new CodebookQuantizerFactory().Create(SpecOptions.Of("codebook", ("sample", "5000")), SpecOptions.Context(4));
        IQuantizer otherSeed = new CodebookQuantizerFactory().Create(SpecOptions.Of("codebook", ("sample", "5000"), ("seed", "99")), SpecOptions.Context(4));

        QuantizedTensor a = serial.Quantize(values, 300, 512);
        QuantizedTensor b = parallel.Quantize(values, 300, 512);
        QuantizedTensor c = otherSeed.Quantize(values, 300, 512);

        Assert.Equal(a.Codebook, b.Codebook);
        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Codebook, c.Codebook);
        Assert.True(a.Codebook[0] >= values.Min() && a.Codebook[^1] <= values.Max());
    }

    [Fact]
    public void Non_finite_values_are_refused()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create().Quantize([1f, float.NaN, 3f], 3, 1));

        Assert.Equal(ErrorCodes.NonFiniteInput, error.Code);
        Assert.Contains("row 1, column 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_and_description()
    {
        IQuantizer quantizer = Create();

        Assert.Equal("codebook, 4-bit indices into 16 k-means centroids per tensor (20 Lloyd iterations on up to 1,000,000 sampled values, seed 0)", quantizer.Describe());
        Assert.Equal((10L * 50) + (16 * 4), quantizer.TensorBytes(10, 100));
    }

    [Theory]
    [InlineData("bits", "9", "9 is out of range; use a value from 1 to 8")]
    [InlineData("bits", "four", "'four' is not a whole number")]
    [InlineData("iterations", "-1", "-1 is out of range")]
    [InlineData("sample", "0", "0 is out of range")]
    [InlineData("seed", "1.5", "'1.5' is not a whole number")]
    public void Bad_option_values_point_at_the_value(string key, string value, string expected)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create((key, value)));

        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal(SpecOptions.ValueAt(0, key), error.Location);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_points_at_the_key()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create(("bits", "4"), ("centroids", "16")));

        Assert.Equal(ErrorCodes.UnknownOption, error.Code);
        Assert.Equal(SpecOptions.KeyAt(1), error.Location);
        Assert.Contains("bits, iterations, sample, seed", error.Message, StringComparison.Ordinal);
    }
}
