using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Quantizers.Tests;

public class IntegerQuantizerTests
{
    private static IQuantizer Create(string name, params (string Key, string Value)[] options)
    {
        IQuantizerFactory factory = name == "int8" ? new Int8QuantizerFactory() : new Int4QuantizerFactory();
        return factory.Create(SpecOptions.Of(name, options), SpecOptions.Context());
    }

    public static TheoryData<string, string, string, int, int> Cases()
    {
        var data = new TheoryData<string, string, string, int, int>();
        (int, int)[] shapes = [(1, 1), (3, 5), (7, 33), (100, 64), (2, 100), (0, 8), (4, 0)];
        foreach (string name in new[] { "int8", "int4" })
        {
            foreach (string block in new[] { "row", "1", "5", "7", "32", "1000" })
            {
                foreach (string scale in new[] { "f16", "f32" })
                {
                    foreach ((int rows, int columns) in shapes)
                    {
                        data.Add(name, block, scale, rows, columns);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bytes_match_and_every_value_is_within_half_a_step(string name, string block, string scale, int rows, int columns)
    {
        IQuantizer quantizer = Create(name, ("block", block), ("scale", scale));
        float[] values = TestData.Gaussian(rows, columns, 11, 3f);
        int qmax = name == "int8" ? 127 : 7;

        QuantizedTensor tensor = quantizer.Quantize(values, rows, columns);
        float[] decoded = TestData.Decode(tensor);

        Assert.Equal(quantizer.TensorBytes(rows, columns), tensor.Bytes);
        Assert.Equal(QuantizationScheme.Integer, tensor.Scheme);
        Assert.Equal(name == "int8" ? 8 : 4, tensor.Bits);
        Assert.Equal(scale == "f16" ? ScaleType.Float16 : ScaleType.Float32, tensor.ScaleType);
        int expectedBlock = Math.Clamp(block == "row" ? columns : int.Parse(block, System.Globalization.CultureInfo.InvariantCulture), 1, Math.Max(columns, 1));
        Assert.Equal(expectedBlock, tensor.BlockSize);
        for (int row = 0; row < rows; row++)
        {
            for (int b = 0; b < tensor.BlocksPerRow; b++)
            {
                int from = b * tensor.BlockSize;
                int to = Math.Min(columns, from + tensor.BlockSize);
                float maxAbs = 0;
                for (int j = from; j < to; j++)
                {
                    maxAbs = Math.Max(maxAbs, Math.Abs(values[(row * columns) + j]));
                }

                float s = tensor.Scales[(row * tensor.BlocksPerRow) + b];
                Assert.True((double)s * qmax >= maxAbs, $"scale {s} does not cover {maxAbs}");
                float largest = scale == "f16" ? (float)Half.BitIncrement((Half)(maxAbs / qmax)) : MathF.BitIncrement(maxAbs / qmax);
                Assert.True(s <= largest, $"scale {s} is larger than needed for {maxAbs}");
                for (int j = from; j < to; j++)
                {
                    int i = (row * columns) + j;
                    Assert.True(Math.Abs(values[i] - decoded[i]) <= (s / 2) + (1e-6 * Math.Abs(values[i])), $"value {values[i]} decoded as {decoded[i]} with scale {s}");
                }
            }
        }
    }

    [Theory]
    [InlineData("int8")]
    [InlineData("int4")]
    public void All_zero_rows_get_scale_zero_and_decode_to_zero(string name)
    {
        float[] values = TestData.Gaussian(3, 10, 12);
        Array.Clear(values, 10, 10);

        QuantizedTensor tensor = Create(name, ("block", "4")).Quantize(values, 3, 10);
        float[] decoded = TestData.Decode(tensor);

        Assert.All(tensor.Scales.Skip(3).Take(3), s => Assert.Equal(0f, s));
        Assert.All(decoded.Skip(10).Take(10), x => Assert.Equal(0f, x));
        Assert.Contains(decoded.Take(10), x => x != 0);
    }

    [Theory]
    [InlineData("int8", 127)]
    [InlineData("int4", 7)]
    public void The_largest_magnitude_decodes_exactly_and_the_codes_span_the_range(string name, int qmax)
    {
        float[] values = [-2f, 1f, 0.5f, 2f];

        QuantizedTensor tensor = Create(name, ("block", "row"), ("scale", "f32")).Quantize(values, 1, 4);

        Assert.True((double)tensor.Scales[0] * qmax >= 2.0);
        Assert.True(tensor.Scales[0] <= MathF.BitIncrement(2f / qmax));
        Assert.Equal(-qmax, BitPacking.ReadSigned(tensor.Data, tensor.Bits, 0));
        Assert.Equal(qmax, BitPacking.ReadSigned(tensor.Data, tensor.Bits, 3));
        float[] decoded = TestData.Decode(tensor);
        Assert.Equal(-2f, decoded[0], 5);
        Assert.Equal(2f, decoded[3], 5);
    }

    [Fact]
    public void Float16_scales_are_rounded_up_to_a_representable_value_before_quantizing()
    {
        // 1/127 is not a float16; rounding the scale down would push 1.0 past code 127.
        float[] values = [1f, -0.3f, 0.999f, 0.25f];

        QuantizedTensor tensor = Create("int8", ("block", "row"), ("scale", "f16")).Quantize(values, 1, 4);

        float scale = tensor.Scales[0];
        Assert.Equal(scale, (float)(Half)scale);
        Assert.True(scale * 127.0 >= 1.0);
        Assert.True((double)(float)Half.BitDecrement((Half)scale) * 127 < 1.0, "the scale is the smallest float16 that covers the block");
        float[] decoded = TestData.Decode(tensor);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - decoded[i]) <= scale / 2);
        }
    }

    [Fact]
    public void Tiny_values_get_a_nonzero_scale_and_stay_within_half_a_step()
    {
        float[] values = [1e-40f, -3e-41f, 2e-44f, 0f];

        foreach (string scale in new[] { "f32", "f16" })
        {
            QuantizedTensor tensor = Create("int8", ("scale", scale)).Quantize(values, 1, 4);
            float s = tensor.Scales[0];
            Assert.True(s > 0);
            float[] decoded = TestData.Decode(tensor);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.True(Math.Abs(values[i] - decoded[i]) <= s / 2);
            }
        }
    }

    [Theory]
    [InlineData("int8", 127)]
    [InlineData("int4", 7)]
    public void Float16_scale_overflow_names_the_value_and_suggests_float32(string name, int qmax)
    {
        float largestCovered = 65504f * qmax;
        float[] fits = [largestCovered, 1f];
        Assert.Equal(65504f, Create(name, ("block", "row"), ("scale", "f16")).Quantize(fits, 1, 2).Scales[0]);

        float[] values = [1f, 2f, 3f, MathF.BitIncrement(largestCovered)];
        GroupReduceException error = Assert.Throws<GroupReduceException>(
            () => Create(name, ("block", "row"), ("scale", "f16")).Quantize(values, 2, 2));

        Assert.Equal(ErrorCodes.QuantizationOverflow, error.Code);
        Assert.Contains(values[3].ToString("R", System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("row 1, column 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("scale: f32", error.Message, StringComparison.Ordinal);

        QuantizedTensor wide = Create(name, ("block", "row"), ("scale", "f32")).Quantize(values, 2, 2);
        Assert.Equal(values[3], TestData.Decode(wide)[3], 1f);
    }

    [Fact]
    public void Non_finite_values_are_refused()
    {
        float[] values = [1f, float.PositiveInfinity];

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create("int4").Quantize(values, 1, 2));

        Assert.Equal(ErrorCodes.NonFiniteInput, error.Code);
        Assert.Contains("row 0, column 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_input_gives_identical_bytes_whatever_the_thread_count()
    {
        float[] values = TestData.Gaussian(300, 512, 13);
        IQuantizer one = new Int4QuantizerFactory().Create(SpecOptions.Of("int4"), SpecOptions.Context(1));
        IQuantizer four = new Int4QuantizerFactory().Create(SpecOptions.Of("int4"), SpecOptions.Context(4));

        QuantizedTensor a = one.Quantize(values, 300, 512);
        QuantizedTensor b = four.Quantize(values, 300, 512);
        QuantizedTensor c = four.Quantize(values, 300, 512);

        Assert.Equal(a.Data, b.Data);
        Assert.Equal(a.Scales, b.Scales);
        Assert.Equal(b.Data, c.Data);
    }

    [Fact]
    public void Defaults_and_descriptions()
    {
        IQuantizer int8 = Create("int8");
        IQuantizer int8Blocks = Create("int8", ("block", "64"));
        IQuantizer int4 = Create("int4");

        Assert.Equal("int8, symmetric, one scale per row, float32 scales", int8.Describe());
        Assert.Equal("int8, symmetric, 64-column blocks, float16 scales", int8Blocks.Describe());
        Assert.Equal("int4, symmetric, 32-column blocks, float16 scales", int4.Describe());
        Assert.Equal((10L * 100) + (10 * 4), int8.TensorBytes(10, 100));
        Assert.Equal((10L * 50) + (10 * 4 * 2), int4.TensorBytes(10, 100));
    }

    [Theory]
    [InlineData("int8", "block", "abc", "'abc' is not valid")]
    [InlineData("int8", "block", "0", "0 is out of range")]
    [InlineData("int4", "block", "70000", "70000 is out of range")]
    [InlineData("int4", "scale", "f64", "'f64' is not valid; use one of: f16, f32")]
    public void Bad_option_values_point_at_the_value(string name, string key, string value, string expected)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create(name, (key, value)));

        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal(SpecOptions.ValueAt(0, key), error.Location);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_that_is_not_a_scalar_points_at_the_node()
    {
        var location = new SourceLocation(SpecOptions.File, 9, 14);
        PluginOptions options = SpecOptions.WithNode("int8", "block", new OptionSequence([], location));

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => new Int8QuantizerFactory().Create(options, SpecOptions.Context()));

        Assert.Equal(ErrorCodes.InvalidOption, error.Code);
        Assert.Equal(location, error.Location);
        Assert.Contains("found a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_points_at_the_key_and_lists_the_known_ones()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create("int8", ("block", "row"), ("blocks", "32")));

        Assert.Equal(ErrorCodes.UnknownOption, error.Code);
        Assert.Equal(SpecOptions.KeyAt(1), error.Location);
        Assert.Contains("block, scale", error.Message, StringComparison.Ordinal);
    }
}
