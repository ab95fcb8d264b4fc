using System.Buffers.Binary;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using static GroupReduce.Testing.Models.GgufBytes;

namespace GroupReduce.Core.Tests.Hostile;

public sealed class GgufHostileTests : IDisposable
{
    private const uint TypeF32 = 0, TypeF16 = 1, TypeQ8_0 = 8;

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_truncation_of_a_valid_file_is_usable_or_a_typed_error()
    {
        HostileModel.EveryPrefix(_dir, "m.gguf", Valid());
    }

    [Fact]
    public void Random_single_byte_corruptions_are_usable_or_typed_errors()
    {
        HostileModel.RandomCorruptions(_dir, "m.gguf", Valid(), 400, seed: 20261206);
    }

    [Fact]
    public void A_metadata_key_that_is_not_utf8_is_a_header_error_naming_its_byte()
    {
        byte[] bytes = new GgufBytes().String("aXYb", "v").Tensor("w", [2, 1], TypeF32, new byte[8]).Build();
        int at = bytes.AsSpan().IndexOf("aXYb"u8);
        bytes[at + 1] = 0xFF;

        GroupReduceException error = ErrorAssert.Open(_dir.Write("k.gguf", bytes), ModelErrorCodes.HeaderInvalid, "UTF-8", $"byte {at}");
        Assert.Contains("metadata key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_name_that_is_not_utf8_is_a_header_error()
    {
        byte[] bytes = new GgufBytes().Tensor("wXY", [2, 1], TypeF32, new byte[8]).Build();
        int at = bytes.AsSpan().IndexOf("wXY"u8);
        bytes[at + 1] = 0xC3;
        bytes[at + 2] = 0x28;

        ErrorAssert.Open(_dir.Write("n.gguf", bytes), ModelErrorCodes.HeaderInvalid, "tensor name", "UTF-8");
    }

    [Fact]
    public void A_dimension_near_2_to_64_is_an_invalid_shape()
    {
        byte[] bytes = new GgufBytes().Tensor("w", [ulong.MaxValue - 1, 1], TypeF32, new byte[8]).Build();

        ErrorAssert.Open(_dir.Write("d.gguf", bytes), ModelErrorCodes.InvalidShape, "'w'");
    }

    [Fact]
    public void A_string_length_near_2_to_64_is_a_typed_error()
    {
        byte[] bytes = new GgufBytes().String("k", "value").Build();
        int at = bytes.AsSpan().IndexOf("value"u8) - 8;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), ulong.MaxValue - 3);

        Assert.StartsWith("GR20", Assert.IsType<GroupReduceException>(HostileModel.OpenAndReadAll(_dir.Write("s.gguf", bytes))).Code, StringComparison.Ordinal);
    }

    private static byte[] Valid()
    {
        var q8 = new byte[34];
        BinaryPrimitives.WriteUInt16LittleEndian(q8, 0x3400);
        for (int j = 0; j < 32; j++)
        {
            q8[2 + j] = (byte)(sbyte)(j * 8 - 128);
        }

        return new GgufBytes()
            .String("general.architecture", "llama")
            .UInt32("general.alignment", 32)
            .StringArray("tokenizer.ggml.tokens", "a", "b", "é")
            .Tensor("token_embd.weight", [2, 3], TypeF32, LittleEndian.Floats(1f, 2f, 3f, 4f, 5f, 6f))
            .Tensor("half", [2, 2], TypeF16, LittleEndian.UInt16s(0x3C00, 0xC000, 0x3800, 0x7BFF))
            .Tensor("output.weight", [32, 1], TypeQ8_0, q8)
            .Build();
    }
}
