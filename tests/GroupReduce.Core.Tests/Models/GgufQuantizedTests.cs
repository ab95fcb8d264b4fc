using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Models;

/// <summary>
/// GGUF tensors as llama.cpp's llama-quantize writes them (Q4_0, Q4_1, Q5_0, Q5_1, Q2_K-Q6_K) read as float32
/// matrices: the values match a decoder written in the test from ggml's block layouts, and hand-quantized values
/// come back.
/// </summary>
public sealed class GgufQuantizedTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<uint> QuantizedTypes() => new(GgmlReferenceDecoder.Layouts.Keys);

    [Theory]
    [MemberData(nameof(QuantizedTypes))]
    public void Quantized_rows_of_several_blocks_decode_as_the_reference_decoder_does(uint type)
    {
        (string name, int elements, int bytes, _) = GgmlReferenceDecoder.Layouts[type];
        const int rows = 3, blocksPerRow = 2;
        byte[] data = RandomBlocks(type, rows * blocksPerRow, seed: (int)type);
        string path = _dir.Write("q.gguf", new GgufBytes()
            .Tensor("token_embd.weight", [(ulong)(elements * blocksPerRow), rows], type, data)
            .Build());

        using ModelFile file = ModelFileReader.Open(path);
        ModelTensor tensor = file.Tensors[0];

        Assert.Equal(TensorDType.GgmlRaw, tensor.DType);
        Assert.Equal(name, tensor.GgmlTypeName);
        Assert.True(tensor.IsMatrix);
        Assert.Equal([(long)rows, elements * blocksPerRow], tensor.Shape);
        Assert.Equal(rows * blocksPerRow * bytes, tensor.ByteLength);
        float[] expected = GgmlReferenceDecoder.Decode(type, data);
        float[] actual = SafetensorsReaderTests.ReadAll(tensor.AsMatrix());
        Assert.Equal(expected, actual);
        Assert.Contains(actual, v => v < 0);
        Assert.Contains(actual, v => v > 0);

        // One row from the middle: its blocks are found from the row, not from the start of the tensor.
        var middle = new float[elements * blocksPerRow];
        tensor.AsMatrix().CopyRows(1, 1, middle);
        Assert.Equal(expected.AsSpan(middle.Length, middle.Length).ToArray(), middle);
        Assert.Equal(data, SafetensorsReaderTests.RawBytes(tensor));
    }

    [Fact]
    public void Q4_0_gives_back_values_a_test_side_encoder_quantized_exactly()
    {
        // Values k * 0.5 for k = -8..7 are exactly Q4_0's grid with d = 0.5: q = k + 8.
        float[] values = [.. Enumerable.Range(0, 64).Select(i => ((i * 7 % 16) - 8) * 0.5f)];
        byte[] data = new byte[2 * 18];
        for (int b = 0; b < 2; b++)
        {
            BitConverter.TryWriteBytes(data.AsSpan(b * 18), BitConverter.HalfToUInt16Bits((Half)0.5f));
            for (int j = 0; j < 16; j++)
            {
                int low = (int)(values[(b * 32) + j] / 0.5f) + 8, high = (int)(values[(b * 32) + j + 16] / 0.5f) + 8;
                data[(b * 18) + 2 + j] = (byte)(low | (high << 4));
            }
        }

        Assert.Equal(values, ReadMatrix(2, [64, 1], data));
    }

    [Fact]
    public void Q4_K_gives_back_values_a_test_side_encoder_quantized_with_six_bit_scales_and_mins()
    {
        // d = 0.25, dmin = 0.5; sub-block s has scale 7s + 3 and min 8s + 3 (past 15, so the top bits of the
        // packed 6-bit fields are used); value = 0.25 * scale * q - 0.5 * min, exact in float32.
        int[] scales = [.. Enumerable.Range(0, 8).Select(s => (7 * s) + 3)];
        int[] mins = [.. Enumerable.Range(0, 8).Select(s => (8 * s) + 3)];
        byte[] block = new byte[144];
        BitConverter.TryWriteBytes(block.AsSpan(0), BitConverter.HalfToUInt16Bits((Half)0.25f));
        BitConverter.TryWriteBytes(block.AsSpan(2), BitConverter.HalfToUInt16Bits((Half)0.5f));
        for (int j = 0; j < 4; j++)
        {
            block[4 + j] = (byte)(scales[j] | ((scales[j + 4] >> 4) << 6));
            block[8 + j] = (byte)(mins[j] | ((mins[j + 4] >> 4) << 6));
            block[12 + j] = (byte)((scales[j + 4] & 15) | ((mins[j + 4] & 15) << 4));
        }

        var expected = new float[256];
        for (int i = 0; i < 256; i++)
        {
            int s = i / 32, q = (i * 5) % 16;
            block[16 + (s / 2 * 32) + (i % 32)] |= (byte)(s % 2 == 0 ? q : q << 4);
            expected[i] = (0.25f * scales[s] * q) - (0.5f * mins[s]);
        }

        float[] actual = ReadMatrix(12, [256, 1], block);

        Assert.Equal(expected, actual);
        Assert.Contains(actual, v => v < 0);
    }

    [Fact]
    public void A_quantized_row_that_is_not_whole_super_blocks_is_refused_naming_the_tensor() =>
        ErrorAssert.Open(
            _dir.Write("m.gguf", new GgufBytes().Tensor("token_embd.weight", [128, 2], 12, new byte[144]).Build()),
            ModelErrorCodes.InvalidShape,
            "'token_embd.weight' (Q4_K, shape [2, 128])");

    [Theory]
    [InlineData(16u, "IQ2_XXS")]
    [InlineData(15u, "Q8_K")]
    [InlineData(20u, "IQ4_NL")]
    public void Other_ggml_types_stay_raw_and_are_refused_as_a_matrix_naming_the_types_that_are_read(uint type, string name)
    {
        int elements = type == 20 ? 32 : 256;
        int bytes = type switch { 16 => 66, 15 => 292, _ => 18 };
        byte[] data = [.. Enumerable.Range(0, bytes).Select(i => (byte)i)];
        using ModelFile file = ModelFileReader.Open(_dir.Write("m.gguf", new GgufBytes().Tensor("w", [(ulong)elements, 1], type, data).Build()));
        ModelTensor tensor = file.Tensors[0];

        Assert.Equal(name, tensor.GgmlTypeName);
        Assert.False(tensor.IsMatrix);
        Assert.Equal(data, SafetensorsReaderTests.RawBytes(tensor));
        var error = Assert.Throws<Abstractions.GroupReduceException>(() => tensor.AsMatrix());
        Assert.Equal(ModelErrorCodes.NotAMatrix, error.Code);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Random blocks of a type whose float16 fields are finite numbers of either sign.</summary>
    internal static byte[] RandomBlocks(uint type, int blocks, int seed)
    {
        (_, _, int bytes, int[] halves) = GgmlReferenceDecoder.Layouts[type];
        var random = new Random(seed);
        var data = new byte[blocks * bytes];
        random.NextBytes(data);
        for (int b = 0; b < blocks; b++)
        {
            foreach (int at in halves)
            {
                var value = (Half)((random.NextDouble() * 2) - 1);
                BitConverter.TryWriteBytes(data.AsSpan((b * bytes) + at, 2), BitConverter.HalfToUInt16Bits(value));
            }
        }

        return data;
    }

    private float[] ReadMatrix(uint type, ulong[] ne, byte[] data)
    {
        using ModelFile file = ModelFileReader.Open(_dir.Write($"t{type}.gguf", new GgufBytes().Tensor("w", ne, type, data).Build()));
        return SafetensorsReaderTests.ReadAll(file.Tensors[0].AsMatrix());
    }
}
