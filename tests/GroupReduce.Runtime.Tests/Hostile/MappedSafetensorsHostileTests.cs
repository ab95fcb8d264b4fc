using System.Text;
using GroupReduce.Testing;

namespace GroupReduce.Runtime.Tests.Hostile;

/// <summary>Hand-built safetensors headers that lie: each is a GR2040 naming the tensor and the field, never a raw exception.</summary>
public sealed class MappedSafetensorsHostileTests : IDisposable
{
    private const string Metadata = "\"__metadata__\":{\"groupreduce.format_version\":\"1\",\"groupreduce.manifest\":\"{}\"}";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string[]> LyingEntries => new()
    {
        { "{\"t\":{\"shape\":[2],\"data_offsets\":[0,8]}}", ["'t'", "'dtype' is missing"] },
        { "{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", ["'t'", "'shape' is missing"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2]}}", ["'t'", "'data_offsets' is missing"] },
        { "{\"t\":{\"dtype\":null,\"shape\":[2],\"data_offsets\":[0,8]}}", ["'t'", "'dtype' is null"] },
        { "{\"t\":{\"dtype\":5,\"shape\":[2],\"data_offsets\":[0,8]}}", ["'t'", "'dtype' is a number"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", ["'t'", "'shape' is a string"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", ["'t'", "'shape[0]' is 2.5"] },
        { "{\"t\":null}", ["'t'", "expected an object"] },
        { "{\"t\":[1,2]}", ["'t'", "expected an object"] },
        { "{\"t\":{\"dtype\":\"Q9\",\"shape\":[2],\"data_offsets\":[0,8]}}", ["'t'", "unknown dtype 'Q9'"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", ["'t'", "'shape[0]' is -2"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", ["'t'", "overflows"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2305843009213693952],\"data_offsets\":[0,8]}}", ["'t'", "span 8 bytes"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", ["'t'", "span 8 bytes"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[9223372036854775800,9223372036854775807]}}", ["'t'", "outside the 16-byte data section"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,100000000000000000000]}}", ["'t'", "'data_offsets[1]' is 100000000000000000000"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", ["'t'", "'data_offsets[0]' is -8"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", ["'t'", "1 data_offsets"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", ["'t'", "outside"] },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", ["'a' and 'b' overlap"] },
        { "{\"__metadata__\":{\"k\":5}}", ["'__metadata__'", "'k' is a number"] },
        { "{\"__metadata__\":[\"k\"]}", ["'__metadata__'", "not an object"] },
        { "{\"__metadata__\":{},\"__metadata__\":{}}", ["'__metadata__' twice"] },
        { "{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", ["key 'k' twice"] },
        { "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", ["'t' appears twice"] },
        { "[1]", ["not a JSON object"] },
        { "{\"t\":", ["not valid JSON"] },
        { "{\"\\uDD00\":{}}", ["unpaired surrogate"] },
        { "{\"__metadata__\":{\"k\":\"\\uDD00\"}}", ["'k' is not valid text"] },
        { new string('[', 100) + new string(']', 100), ["not valid JSON"] },
    };

    [Theory]
    [MemberData(nameof(LyingEntries))]
    public void A_lying_header_entry_is_a_typed_error_naming_the_tensor_and_field(string header, string[] mentions)
    {
        HostileUse.Refused(_folder.Path, ArtifactBytes.Raw(header, new byte[16]), "GR2040", mentions);
    }

    [Fact]
    public void Invalid_utf8_in_the_header_is_reported_at_its_byte_offset()
    {
        byte[] header = Encoding.UTF8.GetBytes("{\"tensor-\u00e9\":{}}");
        int at = Array.IndexOf(header, (byte)0xC3);
        header[at + 1] = 0x28; // 0xC3 0x28: a lead byte without its continuation

        HostileUse.Refused(_folder.Path, ArtifactBytes.Raw(header, new byte[8]), "GR2040", "not valid UTF-8", $"at byte {8 + at}");
    }

    [Fact]
    public void A_header_length_past_the_file_or_the_limit_is_refused()
    {
        byte[] file = ArtifactBytes.Raw("{" + Metadata + "}", new byte[8]);
        BitConverter.GetBytes(long.MaxValue).CopyTo(file, 0);
        HostileUse.Refused(_folder.Path, file, "GR2040", "header length");
        BitConverter.GetBytes(ulong.MaxValue).CopyTo(file, 0);
        HostileUse.Refused(_folder.Path, file, "GR2040", "header length");
    }

    [Fact]
    public void A_zero_dimension_makes_an_empty_tensor_however_large_the_others()
    {
        // [2^62, 0]: zero elements; multiplying left to right would overflow before reaching the zero.
        byte[] file = ArtifactBytes.Raw("{" + Metadata + ",\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,0],\"data_offsets\":[0,0]}}", []);

        // The header is fine; the (empty) manifest is what fails.
        HostileUse.Refused(_folder.Path, file, "GR2040", "the manifest", "'partitions' is missing");
    }
}
