using System.Buffers.Binary;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Matrices;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using static GroupReduce.Testing.Models.SafetensorsBytes;

namespace GroupReduce.Core.Tests.Models;

public sealed class RowMatrixTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Float16_converts_hand_computed_values()
    {
        // 1, -2, 0.5, largest normal, smallest subnormal (2^-24), +inf, -0, 1/3 rounded (0x3555 = 0.333251953125)
        ushort[] bits = [0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x7C00, 0x8000, 0x3555];
        float[] expected = [1f, -2f, 0.5f, 65504f, 5.9604644775390625E-08f, float.PositiveInfinity, -0f, 0.333251953125f];
        float[] actual = Decode(Float16Decoder.Instance, LittleEndian.UInt16s(bits), bits.Length);
        Assert.Equal(expected, actual);
        Assert.True(float.IsNegative(actual[6]));
    }

    [Fact]
    public void Float16_matches_the_scalar_conversion_for_every_bit_pattern()
    {
        ushort[] bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
        float[] actual = Decode(Float16Decoder.Instance, LittleEndian.UInt16s(bits), bits.Length);
        for (int i = 0; i < bits.Length; i++)
        {
            float expected = (float)BitConverter.UInt16BitsToHalf(bits[i]);
            Assert.True(float.IsNaN(expected) ? float.IsNaN(actual[i]) : BitConverter.SingleToUInt32Bits(expected) == BitConverter.SingleToUInt32Bits(actual[i]), $"0x{bits[i]:x4}");
        }
    }

    [Fact]
    public void BFloat16_converts_hand_computed_values()
    {
        // 1, -3, 3.140625 (0x4049), -0, the smallest bfloat16 subnormal 2^-133, -inf
        ushort[] bits = [0x3F80, 0xC040, 0x4049, 0x8000, 0x0001, 0xFF80];
        float[] expected = [1f, -3f, 3.140625f, -0f, MathF.Pow(2, -133), float.NegativeInfinity];
        Assert.Equal(expected, Decode(BFloat16Decoder.Instance, LittleEndian.UInt16s(bits), bits.Length));
    }

    [Fact]
    public void BFloat16_keeps_every_bit_pattern_as_the_upper_half()
    {
        ushort[] bits = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
        float[] actual = Decode(BFloat16Decoder.Instance, LittleEndian.UInt16s(bits), bits.Length);
        for (int i = 0; i < bits.Length; i++)
        {
            Assert.Equal((uint)bits[i] << 16, BitConverter.SingleToUInt32Bits(actual[i]));
        }
    }

    [Fact]
    public void Float64_narrows_like_a_cast()
    {
        double[] values = [1.5, -2.25, 0.1, 1e300, -1e-300, 3.4028234663852886e38];
        float[] expected = [1.5f, -2.25f, 0.1f, float.PositiveInfinity, -0f, float.MaxValue];
        Assert.Equal(expected, Decode(Float64Decoder.Instance, LittleEndian.Doubles(values), values.Length));

        var random = new Random(7);
        double[] many = Enumerable.Range(0, 1001).Select(_ => (random.NextDouble() - 0.5) * 1000).ToArray();
        Assert.Equal(many.Select(d => (float)d), Decode(Float64Decoder.Instance, LittleEndian.Doubles(many), many.Length));
    }

    [Fact]
    public void Q8_0_multiplies_each_quant_by_its_block_scale()
    {
        // Block 0: scale 0.5 (0x3800), quants -16..15. Block 1: scale -2 (0xC000), quants 127, -128, 0, 1, ...
        var blocks = new byte[68];
        BinaryPrimitives.WriteUInt16LittleEndian(blocks, 0x3800);
        BinaryPrimitives.WriteUInt16LittleEndian(blocks.AsSpan(34), 0xC000);
        var expected = new float[64];
        for (int j = 0; j < 32; j++)
        {
            blocks[2 + j] = (byte)(sbyte)(j - 16);
            expected[j] = 0.5f * (j - 16);
            sbyte q = j switch { 0 => 127, 1 => -128, _ => (sbyte)(j - 2) };
            blocks[36 + j] = (byte)q;
            expected[32 + j] = -2f * q;
        }

        Assert.Equal(-254f, expected[32]);
        Assert.Equal(256f, expected[33]);
        Assert.Equal(expected, Decode(Q8_0Decoder.Instance, blocks, 64));
    }

    [Fact]
    public void Float32_rows_are_zero_copy_and_other_types_are_copied()
    {
        byte[] f32 = LittleEndian.Floats(1, 2, 3, 4, 5, 6);
        byte[] f16 = LittleEndian.UInt16s(0x3C00, 0x4000, 0x4200, 0x4400, 0x4500, 0x4600);
        string header = Header(Entry("a", "F32", [3, 2], 0, 24), Entry("b", "F16", [3, 2], 24, 36));
        string path = _dir.Write("m.safetensors", Build(header, LittleEndian.Concat(f32, f16)));
        using ModelFile file = ModelFileReader.Open(path);
        IRowMatrix a = file.FindTensor("a")!.AsMatrix();
        IRowMatrix b = file.FindTensor("b")!.AsMatrix();

        Assert.True(a.TryGetRows(1, 2, out ReadOnlySpan<float> rows));
        Assert.Equal(new float[] { 3, 4, 5, 6 }, rows.ToArray());
        Assert.False(b.TryGetRows(1, 2, out _));
        var copied = new float[4];
        b.CopyRows(1, 2, copied);
        Assert.Equal(new float[] { 3, 4, 5, 6 }, copied);
        Assert.Equal("b", b.Name);
        Assert.Equal(3, b.Rows);
        Assert.Equal(2, b.Columns);
    }

    [Fact]
    public void Row_ranges_and_destinations_are_checked()
    {
        string path = _dir.Write("m.safetensors", SingleF32(3, 2, i => i));
        using ModelFile file = ModelFileReader.Open(path);
        IRowMatrix matrix = file.Tensors[0].AsMatrix();
        var destination = new float[6];

        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.CopyRows(2, 2, destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.CopyRows(-1, 1, destination));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.TryGetRows(3, 1, out _));
        Assert.Throws<ArgumentException>(() => matrix.CopyRows(0, 3, new float[5]));
        matrix.CopyRows(3, 0, destination);
    }

    [Fact]
    public void Views_stop_working_after_the_file_is_disposed()
    {
        string path = _dir.Write("m.safetensors", SingleF32(3, 2, i => i));
        ModelFile file = ModelFileReader.Open(path);
        IRowMatrix matrix = file.Tensors[0].AsMatrix();
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => matrix.CopyRows(0, 1, new float[2]));
        Assert.Throws<ObjectDisposedException>(() => matrix.TryGetRows(0, 1, out _));
    }

    [Theory]
    [InlineData("F16")]
    [InlineData("BF16")]
    [InlineData("F64")]
    [InlineData("F32")]
    public void Concurrent_reads_of_odd_sized_blocks_match_a_scalar_reference(string dtype)
    {
        const int rows = 301;
        const int columns = 97;
        var random = new Random(11);
        var values = new float[rows * columns];
        byte[] data;
        switch (dtype)
        {
            case "F16":
                ushort[] halves = values.Select(_ => BitConverter.HalfToUInt16Bits((Half)(random.NextSingle() * 8 - 4))).ToArray();
                data = LittleEndian.UInt16s(halves);
                values = halves.Select(h => (float)BitConverter.UInt16BitsToHalf(h)).ToArray();
                break;
            case "BF16":
                ushort[] upper = values.Select(_ => (ushort)(BitConverter.SingleToUInt32Bits(random.NextSingle() * 8 - 4) >> 16)).ToArray();
                data = LittleEndian.UInt16s(upper);
                values = upper.Select(u => BitConverter.UInt32BitsToSingle((uint)u << 16)).ToArray();
                break;
            case "F64":
                double[] doubles = values.Select(_ => random.NextDouble() * 8 - 4).ToArray();
                data = LittleEndian.Doubles(doubles);
                values = doubles.Select(d => (float)d).ToArray();
                break;
            default:
                values = values.Select(_ => random.NextSingle()).ToArray();
                data = LittleEndian.Floats(values);
                break;
        }

        string path = _dir.Write("m.safetensors", Build(Header(Entry("m", dtype, [rows, columns], 0, data.Length)), data));
        using ModelFile file = ModelFileReader.Open(path);
        IRowMatrix matrix = file.Tensors[0].AsMatrix();

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int first = (i * 37) % rows;
            int count = Math.Min(1 + (i * 13 % 29), rows - first);
            var block = new float[count * columns];
            matrix.CopyRows(first, count, block);
            Assert.Equal(values.AsSpan(first * columns, count * columns).ToArray(), block);
        });
    }

    private static float[] Decode(ElementDecoder decoder, byte[] bytes, int count)
    {
        var result = new float[count];
        decoder.Decode(bytes, result);
        return result;
    }
}
