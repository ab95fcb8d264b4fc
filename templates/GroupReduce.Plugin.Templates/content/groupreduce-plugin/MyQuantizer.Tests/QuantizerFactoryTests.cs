using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace MyQuantizer.Tests;

public sealed class QuantizerFactoryTests
{
    private static readonly SourceLocation Spec = new("groupreduce.yaml", 12, 3);

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(2)]
    public void Every_value_comes_back_within_half_a_scale_and_the_size_is_as_planned(int bits)
    {
        IQuantizer quantizer = Create(("bits", bits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        const int rows = 7, columns = 33;
        float[] values = RandomValues(rows * columns, seed: bits);

        QuantizedTensor tensor = quantizer.Quantize(values, rows, columns);

        Assert.Equal(QuantizationScheme.Integer, tensor.Scheme);
        Assert.Equal(bits, tensor.Bits);
        Assert.Equal(quantizer.TensorBytes(rows, columns), tensor.Bytes);
        float[] decoded = new float[rows * columns];
        tensor.Dequantize(decoded);
        for (int r = 0; r < rows; r++)
        {
            float max = values.AsSpan(r * columns, columns).ToArray().Max(MathF.Abs);
            float halfScale = max / ((1 << (bits - 1)) - 1) / 2;
            for (int j = 0; j < columns; j++)
            {
                int i = (r * columns) + j;
                Assert.True(MathF.Abs(decoded[i] - values[i]) <= halfScale * 1.0001f, $"row {r}, column {j}: {values[i]} came back as {decoded[i]}");
            }
        }
    }

    [Fact]
    public void A_row_of_zeros_and_an_empty_tensor_are_stored()
    {
        IQuantizer quantizer = Create();

        QuantizedTensor zeros = quantizer.Quantize(new float[6], 2, 3);
        QuantizedTensor empty = quantizer.Quantize([], 4, 0);

        float[] decoded = new float[6];
        zeros.Dequantize(decoded);
        Assert.All(decoded, value => Assert.Equal(0f, value));
        Assert.Equal(quantizer.TensorBytes(4, 0), empty.Bytes);
    }

    [Fact]
    public void The_default_is_eight_bits()
    {
        Assert.Contains("8-bit", Create().Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bits", "9")]
    [InlineData("bits", "1")]
    [InlineData("bits", "four")]
    [InlineData("block", "32")]
    public void A_bad_or_unknown_option_is_an_error_at_its_place_in_the_spec(string key, string value)
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create((key, value)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Equal(Spec.File, error.Location?.File);
    }

    [Fact]
    public void A_value_that_is_not_finite_is_refused()
    {
        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create().Quantize([1f, float.NaN], 1, 2));

        Assert.Equal(ErrorCodes.PluginNonFinite, error.Code);
    }

    private static IQuantizer Create(params (string Key, string Value)[] options)
    {
        var entries = options.Select(o => new OptionEntry(o.Key, Spec, new OptionScalar(o.Value, Spec))).ToList();
        var factory = new QuantizerFactory();
        return factory.Create(new PluginOptions(factory.Name, new OptionMapping(entries, Spec)), new PluginContext(new SilentLog(), 1));
    }

    private static float[] RandomValues(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
    }

    private sealed class SilentLog : IPluginLog
    {
        public void Info(string message)
        {
        }

        public void Warning(string code, string message)
        {
        }
    }
}
