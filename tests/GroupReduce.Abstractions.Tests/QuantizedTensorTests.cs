using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.Abstractions.Tests;

public sealed class QuantizedTensorTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    public void Signed_values_round_trip_through_bit_packing(int bits)
    {
        int max = (1 << (bits - 1)) - 1;
        int[] values = Enumerable.Range(0, 37).Select(i => (i * 5 % ((2 * max) + 1)) - max).ToArray();
        var row = new byte[BitPacking.RowBytes(values.Length, bits)];

        BitPacking.PackRow(values, bits, row);

        Assert.Equal(((values.Length * bits) + 7) / 8, row.Length);
        Assert.Equal(values, Enumerable.Range(0, values.Length).Select(j => BitPacking.ReadSigned(row, bits, j)));
    }

    [Fact]
    public void The_bit_layout_is_least_significant_bit_first()
    {
        var row = new byte[2];

        BitPacking.PackRow([1, -7, 3], 4, row);

        Assert.Equal([0x91, 0x03], row);
        Assert.Equal(3, BitPacking.ReadUnsigned(row, 4, 2));
    }

    [Fact]
    public void Integer_tensors_decode_with_their_block_scales()
    {
        var data = new byte[2 * BitPacking.RowBytes(3, 4)];
        BitPacking.PackRow([1, -2, 7], 4, data.AsSpan(0, 2));
        BitPacking.PackRow([-7, 0, 3], 4, data.AsSpan(2, 2));
        QuantizedTensor tensor = QuantizedTensor.CreateInteger(2, 3, 4, 2, data, [0.5f, 2f, 1f, 0.25f], ScaleType.Float16);
        var values = new float[6];

        tensor.Dequantize(values);

        Assert.Equal([0.5f, -1f, 14f, -7f, 0f, 0.75f], values);
        Assert.Equal(4 + (4 * 2), tensor.Bytes);
        Assert.Equal(tensor.Bytes, QuantizedTensor.EncodedBytes(QuantizationScheme.Integer, 2, 3, 4, 2, ScaleType.Float16));
    }

    [Fact]
    public void Codebook_and_float_tensors_decode()
    {
        var indices = new byte[BitPacking.RowBytes(4, 2)];
        BitPacking.PackRow([3, 0, 1, 2], 2, indices);
        QuantizedTensor codebook = QuantizedTensor.CreateCodebook(1, 4, 2, indices, [-1f, 0f, 0.5f, 2f]);
        QuantizedTensor bf16 = QuantizedTensor.CreateFloat(QuantizationScheme.BFloat16, 1, 2, [0x80, 0x3F, 0x00, 0xC0]);
        var decoded = new float[4];
        var floats = new float[2];

        codebook.Dequantize(decoded);
        bf16.Dequantize(floats);

        Assert.Equal([2f, -1f, 0f, 0.5f], decoded);
        Assert.Equal([1f, -2f], floats);
        Assert.Equal(1 + 16, codebook.Bytes);
    }

    [Fact]
    public void Inconsistent_lengths_and_unrepresentable_scales_are_refused()
    {
        Assert.Throws<ArgumentException>(() => QuantizedTensor.CreateFloat(QuantizationScheme.Float32, 2, 2, new byte[15]));
        Assert.Throws<ArgumentException>(() => QuantizedTensor.CreateInteger(1, 2, 8, 2, new byte[2], [0.1f], ScaleType.Float16));
        Assert.Throws<ArgumentException>(() => QuantizedTensor.CreateInteger(1, 2, 8, 2, new byte[2], [float.NaN], ScaleType.Float32));
        Assert.Throws<ArgumentException>(() => QuantizedTensor.CreateCodebook(1, 2, 1, new byte[1], [0f]));
    }
}
