using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Quantization;
using GroupReduce.Testing.Plugins;

namespace GroupReduce.Plugins.Quantizers.Tests;

public class FloatQuantizerTests
{
    private static IQuantizer Create(string? dtype) =>
        new FloatQuantizerFactory().Create(
            dtype is null ? SpecOptions.Of("float") : SpecOptions.Of("float", ("dtype", dtype)),
            SpecOptions.Context());

    public static TheoryData<string, int, int> DtypesAndShapes()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string dtype in new[] { "f32", "f16", "bf16" })
        {
            foreach ((int rows, int columns) in new[] { (1, 1), (3, 5), (7, 33), (100, 64), (0, 8), (4, 0), (400, 400) })
            {
                data.Add(dtype, rows, columns);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DtypesAndShapes))]
    public void Bytes_equal_TensorBytes_and_the_shape_is_kept(string dtype, int rows, int columns)
    {
        IQuantizer quantizer = Create(dtype);
        QuantizedTensor tensor = quantizer.Quantize(TestData.Gaussian(rows, columns, 1), rows, columns);

        Assert.Equal(quantizer.TensorBytes(rows, columns), tensor.Bytes);
        Assert.Equal((rows, columns), (tensor.Rows, tensor.Columns));
        Assert.Equal(dtype == "f32" ? 4L * rows * columns : 2L * rows * columns, tensor.Bytes);
    }

    [Fact]
    public void Default_dtype_is_float32_and_round_trips_exactly()
    {
        IQuantizer quantizer = Create(null);
        float[] values = TestData.Gaussian(7, 33, 2);

        QuantizedTensor tensor = quantizer.Quantize(values, 7, 33);

        Assert.Equal(QuantizationScheme.Float32, tensor.Scheme);
        Assert.Equal(values, TestData.Decode(tensor));
        Assert.Equal("float32", quantizer.Describe());
    }

    [Fact]
    public void Float16_round_trips_representable_values_exactly()
    {
        float[] values = TestData.Gaussian(100, 64, 3, 100f).Select(x => (float)(Half)x).ToArray();
        values[5] = 65504f;
        values[6] = -65504f;
        values[7] = (float)Half.Epsilon;

        QuantizedTensor tensor = Create("f16").Quantize(values, 100, 64);

        Assert.Equal(QuantizationScheme.Float16, tensor.Scheme);
        Assert.Equal(values, TestData.Decode(tensor));
    }

    [Fact]
    public void Float16_rounds_to_nearest_even()
    {
        // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 (odd); 1 + 3·2^-11 halfway between 1 + 2^-10 and 1 + 2^-9 (even).
        float[] values = [1f + MathF.Pow(2, -11), 1f + (3 * MathF.Pow(2, -11)), 65519f, -(1f + MathF.Pow(2, -11))];

        float[] decoded = TestData.Decode(Create("f16").Quantize(values, 1, 4));

        Assert.Equal([1f, 1f + MathF.Pow(2, -9), 65504f, -1f], decoded);
    }

    [Fact]
    public void BFloat16_round_trips_representable_values_and_rounds_to_nearest_even()
    {
        float[] representable = TestData.Gaussian(10, 10, 4, 1e20f)
            .Select(x => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) & unchecked((int)0xFFFF0000)))
            .ToArray();
        Assert.Equal(representable, TestData.Decode(Create("bf16").Quantize(representable, 10, 10)));

        float[] ties = [1f + MathF.Pow(2, -8), 1f + (3 * MathF.Pow(2, -8)), 1f + MathF.Pow(2, -8) + MathF.Pow(2, -20)];
        float[] decoded = TestData.Decode(Create("bf16").Quantize(ties, 1, 3));
        Assert.Equal([1f, 1f + MathF.Pow(2, -6), 1f + MathF.Pow(2, -7)], decoded);
    }

    [Theory]
    [InlineData(65520f)]
    [InlineData(-70000f)]
    [InlineData(1e30f)]
    public void Float16_overflow_names_the_value_and_suggests_wider_types(float big)
    {
        float[] values = new float[12];
        values[6] = big;

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create("f16").Quantize(values, 3, 4));

        Assert.Equal(ErrorCodes.QuantizationOverflow, error.Code);
        Assert.Contains(big.ToString("R", System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("row 1, column 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("bf16", error.Message, StringComparison.Ordinal);
        Assert.Contains("f32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BFloat16_overflow_suggests_float32()
    {
        float[] values = [1f, float.MaxValue];

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create("bf16").Quantize(values, 1, 2));

        Assert.Equal(ErrorCodes.QuantizationOverflow, error.Code);
        Assert.Contains("f32", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("f32")]
    [InlineData("f16")]
    [InlineData("bf16")]
    public void Non_finite_values_are_refused(string dtype)
    {
        float[] values = [1f, 2f, float.NaN, 4f];

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => Create(dtype).Quantize(values, 2, 2));

        Assert.Equal(ErrorCodes.NonFiniteInput, error.Code);
        Assert.Contains("row 1, column 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_does_not_depend_on_the_thread_count()
    {
        float[] values = TestData.Gaussian(300, 512, 5);
        IQuantizer serial = new FloatQuantizerFactory().Create(SpecOptions.Of("float", ("dtype", "f16")), SpecOptions.Context(1));
        IQuantizer parallel = new FloatQuantizerFactory().Create(SpecOptions.Of("float", ("dtype", "f16")), SpecOptions.Context(4));

        Assert.Equal(serial.Quantize(values, 300, 512).Data, parallel.Quantize(values, 300, 512).Data);
    }

    [Fact]
    public void Wrong_value_count_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => Create("f16").Quantize(new float[5], 2, 3));
    }
}
