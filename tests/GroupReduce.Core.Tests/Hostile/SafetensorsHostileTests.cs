using System.Buffers.Binary;
using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using static GroupReduce.Testing.Models.SafetensorsBytes;

namespace GroupReduce.Core.Tests.Hostile;

public sealed class SafetensorsHostileTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_truncation_of_a_valid_file_is_usable_or_a_typed_error()
    {
        HostileModel.EveryPrefix(_dir, "m.safetensors", Valid());
    }

    [Fact]
    public void Random_single_byte_corruptions_are_usable_or_typed_errors()
    {
        HostileModel.RandomCorruptions(_dir, "m.safetensors", Valid(), 400, seed: 20261205);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("metadata key")]
    [InlineData("metadata value")]
    [InlineData("dtype")]
    public void Invalid_utf8_in_a_header_string_is_a_typed_error_naming_the_byte(string where)
    {
        // 0xC3 0x28 is an invalid two-byte sequence; it replaces a placeholder 'XY' in the header.
        string header = where switch
        {
            "name" => "{\"aXY\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            "metadata key" => "{\"__metadata__\":{\"kXY\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            "metadata value" => "{\"__metadata__\":{\"k\":\"vXY\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            _ => "{\"a\":{\"dtype\":\"FXY\",\"shape\":[1],\"data_offsets\":[0,4]}}",
        };
        byte[] bytes = Build(header, new byte[4]);
        int at = IndexOf(bytes, "XY"u8);
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;

        GroupReduceException error = ErrorAssert.Open(_dir.Write("u.safetensors", bytes), ModelErrorCodes.HeaderInvalid, "UTF-8", $"byte {at}");
        Assert.DoesNotContain("transcode", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\\uDDDD\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "a\\uDDDD")]
    [InlineData("{\"__metadata__\":{\"k\":\"\\uD800x\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "\\uD800x")]
    [InlineData("{\"__metadata__\":{\"\\uDC00\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "\\uDC00")]
    [InlineData("{\"a\":{\"dtype\":\"\\uDDDD\",\"shape\":[1],\"data_offsets\":[0,4]}}", "\\uDDDD\",")]
    public void A_lone_surrogate_escape_is_a_typed_error_naming_the_string_offset(string header, string escaped)
    {
        byte[] bytes = Build(header, new byte[4]);
        int at = IndexOf(bytes, Encoding.UTF8.GetBytes(escaped)) - 1;

        ErrorAssert.Open(_dir.Write("s.safetensors", bytes), ModelErrorCodes.HeaderInvalid, $"byte {at}", "surrogate");
    }

    [Theory]
    [InlineData("{\"shape\":[1],\"data_offsets\":[0,4]}", "dtype")]
    [InlineData("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}", "shape")]
    [InlineData("{\"dtype\":\"F32\",\"shape\":[1]}", "data_offsets")]
    [InlineData("{\"dtype\":null,\"shape\":[1],\"data_offsets\":[0,4]}", "dtype")]
    [InlineData("{\"dtype\":\"F32\",\"shape\":null,\"data_offsets\":[0,4]}", "shape")]
    [InlineData("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":null}", "data_offsets")]
    [InlineData("{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}", "dtype")]
    [InlineData("{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}", "shape")]
    [InlineData("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{\"a\":0}}", "data_offsets")]
    [InlineData("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,\"4\"]}", "data_offsets")]
    [InlineData("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}", "data_offsets")]
    public void Missing_null_or_mistyped_fields_are_header_errors_naming_field_and_tensor(string entry, string field)
    {
        string path = _dir.Write("f.safetensors", Build("{\"weight\":" + entry + "}", new byte[4]));

        ErrorAssert.Open(path, ModelErrorCodes.HeaderInvalid, "'weight'", field);
    }

    [Theory]
    [InlineData("[0,9223372036854775807]", ModelErrorCodes.ByteLengthMismatch)]
    [InlineData("[0,9223372036854775808]", ModelErrorCodes.HeaderInvalid)]
    [InlineData("[0,18446744073709551615]", ModelErrorCodes.HeaderInvalid)]
    [InlineData("[-4,0]", ModelErrorCodes.HeaderInvalid)]
    [InlineData("[0,-4]", ModelErrorCodes.HeaderInvalid)]
    [InlineData("[0,4.0]", ModelErrorCodes.HeaderInvalid)]
    [InlineData("[0,1e400]", ModelErrorCodes.HeaderInvalid)]
    [InlineData("[9223372036854775803,9223372036854775807]", ModelErrorCodes.DataOutOfBounds)]
    public void Offsets_near_2_to_63_or_negative_are_typed_errors(string offsets, string code)
    {
        string path = _dir.Write("o.safetensors", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}}", new byte[4]));

        ErrorAssert.Open(path, code, "'w'");
    }

    [Theory]
    [InlineData("[-1,4]")]
    [InlineData("[9223372036854775808]")]
    [InlineData("[4611686018427387904,4]")]
    [InlineData("[3037000500,3037000500,3037000500]")]
    public void Shapes_that_are_negative_or_overflow_are_invalid_shape_errors(string shape)
    {
        string path = _dir.Write("h.safetensors", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,4]}}", new byte[4]));

        ErrorAssert.Open(path, ModelErrorCodes.InvalidShape, "'w'", "shape");
    }

    [Fact]
    public void Json_after_the_header_object_is_refused_but_padding_spaces_are_not()
    {
        string entry = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        using (ModelFile padded = ModelFileReader.Open(_dir.Write("p.safetensors", Build(entry + "       ", new byte[4]))))
        {
            Assert.Equal("w", Assert.Single(padded.Tensors).Name);
        }

        ErrorAssert.Open(_dir.Write("t.safetensors", Build(entry + "{}", new byte[4])), ModelErrorCodes.HeaderInvalid);
    }

    [Fact]
    public void Unknown_fields_in_an_entry_are_skipped_whatever_they_hold()
    {
        string header = "{\"w\":{\"extra\":{\"a\":[1,{\"b\":null}]},\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";

        using ModelFile file = ModelFileReader.Open(_dir.Write("x.safetensors", Build(header, LittleEndian.Floats(2.5f))));

        Assert.Equal([1L], Assert.Single(file.Tensors).Shape);
    }

    [Fact]
    public void A_very_long_tensor_name_is_quoted_only_as_a_short_excerpt()
    {
        string name = new('n', 100_000);
        string path = _dir.Write("l.safetensors", Build("{\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]));

        GroupReduceException error = ErrorAssert.Open(path, ModelErrorCodes.ByteLengthMismatch);

        Assert.True(error.Message.Length < 1000, error.Message);
    }

    [Fact]
    public void Many_tensors_open_in_one_pass()
    {
        // A header of 50,000 tensors: a functional check of the streaming parser (timed in the note, not here).
        var header = new StringBuilder("{");
        for (int i = 0; i < 50_000; i++)
        {
            header.Append(i == 0 ? string.Empty : ",").Append("\"t").Append(i).Append("\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[").Append(i).Append(',').Append(i + 1).Append("]}");
        }

        using ModelFile file = ModelFileReader.Open(_dir.Write("many.safetensors", Build(header.Append('}').ToString(), new byte[50_000])));

        Assert.Equal(50_000, file.Tensors.Count);
        Assert.Equal("t49999", file.Tensors[^1].Name);
    }

    internal static byte[] Valid()
    {
        byte[] data = LittleEndian.Concat(
            LittleEndian.Floats(1f, 2f, 3f, 4f, 5f, 6f),
            LittleEndian.UInt16s(0x3C00, 0xC000, 0x3800, 0x7BFF),
            LittleEndian.Int64s(7, -9));
        string header = "{\"__metadata__\":{\"format\":\"pt\",\"note\":\"é\"}," + string.Join(
            ",",
            Entry("w", "F32", [2, 3], 0, 24),
            Entry("h", "F16", [2, 2], 24, 32),
            Entry("i", "I64", [2], 32, 48)) + "}";
        return Build(header, data);
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> what) => bytes.AsSpan().IndexOf(what);
}
