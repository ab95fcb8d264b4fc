using System.Buffers.Binary;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using static GroupReduce.Testing.Models.GgufBytes;

namespace GroupReduce.Core.Tests.Models;

public sealed class GgufReaderTests : IDisposable
{
    private const uint TypeF32 = 0, TypeF16 = 1, TypeQ4_0 = 2, TypeQ8_0 = 8, TypeQ4_K = 12, TypeI32 = 26, TypeF64 = 28, TypeBF16 = 30;

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_metadata_of_every_type_vocabulary_and_tensors()
    {
        byte[] nested = LittleEndian.Concat(
            BitConverter.GetBytes(Arr), BitConverter.GetBytes(2UL),
            BitConverter.GetBytes(Str), BitConverter.GetBytes(1UL), StringPayload("x"),
            BitConverter.GetBytes(I32), BitConverter.GetBytes(2UL), LittleEndian.Int32s(1, 2));
        float[] embedding = Enumerable.Range(0, 12).Select(i => i - 5.5f).ToArray();
        byte[] q8 = Q8Blocks();
        byte[] q4k = Enumerable.Range(0, 144).Select(i => (byte)i).ToArray();
        var gguf = new GgufBytes { Alignment = 64 }
            .String("general.architecture", "llama")
            .KeyValue("u8", U8, [200])
            .KeyValue("i8", I8, [0xFE])
            .KeyValue("u16", U16, BitConverter.GetBytes((ushort)65000))
            .KeyValue("i16", I16, BitConverter.GetBytes((short)-3))
            .UInt32("general.alignment", 64)
            .KeyValue("i32", I32, BitConverter.GetBytes(-70000))
            .KeyValue("f32", F32, BitConverter.GetBytes(0.25f))
            .KeyValue("yes", Bool, [1])
            .KeyValue("no", Bool, [0])
            .KeyValue("u64", U64, BitConverter.GetBytes(ulong.MaxValue))
            .KeyValue("i64", I64, BitConverter.GetBytes(long.MinValue))
            .KeyValue("f64", F64, BitConverter.GetBytes(-1.5))
            .KeyValue("ints", Arr, LittleEndian.Concat(BitConverter.GetBytes(I32), BitConverter.GetBytes(3UL), LittleEndian.Int32s(1, 2, 3)))
            .KeyValue("nested", Arr, nested)
            .StringArray("tokenizer.ggml.tokens", "<unk>", "hello", "wörld")
            .Tensor("token_embd.weight", [4, 3], TypeF32, LittleEndian.Floats(embedding))
            .Tensor("output.weight", [32, 2], TypeQ8_0, q8)
            .Tensor("blk.0.attn_q.weight", [256, 1], TypeQ4_K, q4k)
            .Tensor("half", [2, 2], TypeF16, LittleEndian.UInt16s(0x3C00, 0xC000, 0x3800, 0x7BFF))
            .Tensor("brain", [2, 1], TypeBF16, LittleEndian.UInt16s(0x3F80, 0xC040))
            .Tensor("double", [2, 1], TypeF64, LittleEndian.Doubles(0.5, -4))
            .Tensor("ids", [5], TypeI32, LittleEndian.Int32s(1, 2, 3, 4, 5))
            .Tensor("cube", [2, 3, 4], TypeF32, new byte[96]);
        string path = _dir.Write("model.gguf", gguf.Build());

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Gguf, file.Format);
        Assert.Equal(["<unk>", "hello", "wörld"], file.Vocabulary);
        Assert.Equal("llama", file.Metadata["general.architecture"]);
        Assert.Equal("200", file.Metadata["u8"]);
        Assert.Equal("-2", file.Metadata["i8"]);
        Assert.Equal("65000", file.Metadata["u16"]);
        Assert.Equal("-3", file.Metadata["i16"]);
        Assert.Equal("64", file.Metadata["general.alignment"]);
        Assert.Equal("-70000", file.Metadata["i32"]);
        Assert.Equal("0.25", file.Metadata["f32"]);
        Assert.Equal("true", file.Metadata["yes"]);
        Assert.Equal("false", file.Metadata["no"]);
        Assert.Equal("18446744073709551615", file.Metadata["u64"]);
        Assert.Equal("-9223372036854775808", file.Metadata["i64"]);
        Assert.Equal("-1.5", file.Metadata["f64"]);
        Assert.Equal("array<int32>[3]", file.Metadata["ints"]);
        Assert.Equal("array<array>[2]", file.Metadata["nested"]);
        Assert.Equal("array<string>[3]", file.Metadata["tokenizer.ggml.tokens"]);

        Assert.Equal(
            ["token_embd.weight", "output.weight", "blk.0.attn_q.weight", "half", "brain", "double", "ids", "cube"],
            file.Tensors.Select(t => t.Name));
        ModelTensor embd = file.FindTensor("token_embd.weight")!;
        Assert.Equal([3L, 4L], embd.Shape);
        Assert.Equal(embedding, SafetensorsReaderTests.ReadAll(embd.AsMatrix()));
        Assert.True(embd.AsMatrix().TryGetRows(0, 3, out _));

        ModelTensor output = file.FindTensor("output.weight")!;
        Assert.Equal(TensorDType.Q8_0, output.DType);
        Assert.Equal("Q8_0", output.GgmlTypeName);
        Assert.Equal([2L, 32L], output.Shape);
        Assert.Equal(68, output.ByteLength);
        Assert.True(output.IsMatrix);
        Assert.Equal(Q8Values(), SafetensorsReaderTests.ReadAll(output.AsMatrix()));

        ModelTensor raw = file.FindTensor("blk.0.attn_q.weight")!;
        Assert.Equal(TensorDType.GgmlRaw, raw.DType);
        Assert.Equal("Q4_K", raw.GgmlTypeName);
        Assert.Equal([1L, 256L], raw.Shape);
        Assert.True(raw.IsMatrix);
        Assert.Equal(q4k, SafetensorsReaderTests.RawBytes(raw));
        Assert.Equal(GgmlReferenceDecoder.Decode(TypeQ4_K, q4k), SafetensorsReaderTests.ReadAll(raw.AsMatrix()));

        Assert.Equal(new[] { 1f, -2f, 0.5f, 65504f }, SafetensorsReaderTests.ReadAll(file.FindTensor("half")!.AsMatrix()));
        Assert.Equal(new[] { 1f, -3f }, SafetensorsReaderTests.ReadAll(file.FindTensor("brain")!.AsMatrix()));
        Assert.Equal(new[] { 0.5f, -4f }, SafetensorsReaderTests.ReadAll(file.FindTensor("double")!.AsMatrix()));
        Assert.Equal(TensorDType.I32, file.FindTensor("ids")!.DType);
        Assert.Null(file.FindTensor("ids")!.GgmlTypeName);
        Assert.Equal([4L, 3L, 2L], file.FindTensor("cube")!.Shape);
    }

    [Fact]
    public void Reads_version_2_and_files_without_tensors()
    {
        string path = _dir.Write("v2.gguf", new GgufBytes { Version = 2 }.String("general.name", "tiny").Build());

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Empty(file.Tensors);
        Assert.Null(file.Vocabulary);
        Assert.Equal("tiny", file.Metadata["general.name"]);
    }

    [Theory]
    [InlineData(2u, 64L, 36L)]
    [InlineData(3u, 32L, 20L)]
    [InlineData(6u, 32L, 22L)]
    [InlineData(7u, 32L, 24L)]
    [InlineData(9u, 64L, 72L)]
    [InlineData(10u, 256L, 84L)]
    [InlineData(11u, 256L, 110L)]
    [InlineData(13u, 256L, 176L)]
    [InlineData(14u, 512L, 420L)]
    [InlineData(15u, 256L, 292L)]
    [InlineData(16u, 256L, 66L)]
    [InlineData(17u, 256L, 74L)]
    [InlineData(18u, 256L, 98L)]
    [InlineData(19u, 256L, 50L)]
    [InlineData(20u, 32L, 18L)]
    [InlineData(21u, 256L, 110L)]
    [InlineData(22u, 256L, 82L)]
    [InlineData(23u, 256L, 136L)]
    [InlineData(29u, 256L, 56L)]
    [InlineData(34u, 256L, 54L)]
    [InlineData(35u, 256L, 66L)]
    [InlineData(39u, 64L, 34L)]
    [InlineData(40u, 64L, 36L)]
    public void Sizes_raw_block_types_from_the_ggml_block_layouts(uint type, long innermost, long bytes)
    {
        // Sizes from the block structs in ggml-common.h (e.g. block_q4_0 = half + 16 bytes = 18 per 32 values).
        string path = _dir.Write("m.gguf", new GgufBytes().Tensor("t", [(ulong)innermost, 1], type, new byte[bytes]).Build());

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(bytes, file.Tensors[0].ByteLength);
        Assert.Equal(TensorDType.GgmlRaw, file.Tensors[0].DType);
        Assert.NotNull(file.Tensors[0].GgmlTypeName);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(0u)]
    public void Rejects_unsupported_versions(uint version) =>
        ErrorAssert.Open(_dir.Write("m.gguf", new GgufBytes { Version = version }.Build()), ModelErrorCodes.UnsupportedVersion, $"version {version}");

    [Fact]
    public void Rejects_big_endian_files() =>
        ErrorAssert.Open(_dir.Write("m.gguf", new GgufBytes { Version = 0x03000000 }.Build()), ModelErrorCodes.UnsupportedLayout, "big-endian");

    [Theory]
    [InlineData(4u)]
    [InlineData(31u)]
    [InlineData(99u)]
    public void Rejects_unknown_ggml_types(uint type) =>
        ErrorAssert.Open(
            _dir.Write("m.gguf", new GgufBytes().Tensor("w", [32, 1], type, new byte[64]).Build()),
            ModelErrorCodes.UnknownGgmlType,
            "'w'",
            $"type id {type}");

    [Fact]
    public void Rejects_a_tensor_past_the_end_of_the_file()
    {
        byte[] bytes = new GgufBytes().Tensor("w", [4, 4], TypeF32, new byte[64]).Build();
        ErrorAssert.Open(_dir.Write("m.gguf", bytes[..^8]), ModelErrorCodes.DataOutOfBounds, "'w'");
    }

    [Fact]
    public void Rejects_a_misaligned_tensor_offset() =>
        ErrorAssert.Open(
            _dir.Write("m.gguf", new GgufBytes().Tensor("w", [4], TypeF32, new byte[16], offset: 4).Build()),
            ModelErrorCodes.UnsupportedLayout,
            "'w'");

    [Fact]
    public void Rejects_overlapping_tensors() =>
        ErrorAssert.Open(
            _dir.Write("m.gguf", new GgufBytes().Tensor("a", [16], TypeF32, new byte[64]).Tensor("b", [16], TypeF32, new byte[64], offset: 32).Build()),
            ModelErrorCodes.TensorsOverlap,
            "'b'");

    [Fact]
    public void Rejects_a_row_that_is_not_whole_blocks() =>
        ErrorAssert.Open(
            _dir.Write("m.gguf", new GgufBytes().Tensor("w", [48, 1], TypeQ4_0, new byte[36]).Build()),
            ModelErrorCodes.InvalidShape,
            "multiple of 32");

    [Fact]
    public void Rejects_too_many_dimensions()
    {
        byte[] bytes = new GgufBytes().Tensor("w", [1, 1, 1, 1, 1], TypeF32, new byte[4]).Build();
        ErrorAssert.Open(_dir.Write("m.gguf", bytes), ModelErrorCodes.InvalidShape, "5 dimensions");
    }

    [Fact]
    public void Rejects_duplicate_tensor_names_and_keys()
    {
        ErrorAssert.Open(
            _dir.Write("t.gguf", new GgufBytes().Tensor("w", [1], TypeF32, new byte[4]).Tensor("w", [1], TypeF32, new byte[4]).Build()),
            ModelErrorCodes.DuplicateName,
            "'w'");
        ErrorAssert.Open(_dir.Write("k.gguf", new GgufBytes().String("a", "1").String("a", "2").Build()), ModelErrorCodes.DuplicateName, "'a'");
    }

    [Fact]
    public void Rejects_a_truncated_metadata_section()
    {
        byte[] bytes = new GgufBytes().String("general.architecture", "llama").StringArray("tokenizer.ggml.tokens", "a", "b").Build();
        ErrorAssert.Open(_dir.Write("m.gguf", bytes[..^3]), ModelErrorCodes.Truncated);
    }

    [Fact]
    public void Rejects_counts_larger_than_the_file_can_hold()
    {
        byte[] bytes = new GgufBytes().String("a", "b").Build();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), 1UL << 40);
        ErrorAssert.Open(_dir.Write("m.gguf", bytes), ModelErrorCodes.Truncated, "metadata entries");
    }

    [Fact]
    public void Rejects_an_array_count_larger_than_the_file_can_hold()
    {
        byte[] payload = LittleEndian.Concat(BitConverter.GetBytes(I32), BitConverter.GetBytes(1UL << 60), new byte[8]);
        ErrorAssert.Open(_dir.Write("m.gguf", new GgufBytes().KeyValue("ints", Arr, payload).Build()), ModelErrorCodes.Truncated, "'ints'");
    }

    [Theory]
    [InlineData(13u)]
    [InlineData(100u)]
    public void Rejects_unknown_metadata_value_types(uint type) =>
        ErrorAssert.Open(_dir.Write("m.gguf", new GgufBytes().KeyValue("odd", type, new byte[8]).Build()), ModelErrorCodes.HeaderInvalid, "'odd'");

    [Fact]
    public void Rejects_an_alignment_that_is_not_a_power_of_two() =>
        ErrorAssert.Open(_dir.Write("m.gguf", new GgufBytes().UInt32("general.alignment", 48).Build()), ModelErrorCodes.HeaderInvalid, "power of two");

    private static byte[] Q8Blocks()
    {
        var blocks = new byte[68];
        BinaryPrimitives.WriteUInt16LittleEndian(blocks, 0x3400);
        BinaryPrimitives.WriteUInt16LittleEndian(blocks.AsSpan(34), 0x4200);
        for (int j = 0; j < 32; j++)
        {
            blocks[2 + j] = (byte)(sbyte)(j * 8 - 128);
            blocks[36 + j] = (byte)(sbyte)(100 - (j * 7));
        }

        return blocks;
    }

    // Hand-computed: block 0 scale 0x3400 = 0.25, block 1 scale 0x4200 = 3.
    private static float[] Q8Values() =>
        [.. Enumerable.Range(0, 32).Select(j => 0.25f * ((j * 8) - 128)), .. Enumerable.Range(0, 32).Select(j => 3f * (100 - (j * 7)))];
}
