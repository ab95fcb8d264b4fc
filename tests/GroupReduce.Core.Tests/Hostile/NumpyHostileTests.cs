using System.Text;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Hostile;

public sealed class NumpyHostileTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_truncation_of_a_valid_npy_is_usable_or_a_typed_error()
    {
        HostileModel.EveryPrefix(_dir, "a.npy", Npy());
    }

    [Fact]
    public void Random_single_byte_corruptions_of_an_npy_are_usable_or_typed_errors()
    {
        HostileModel.RandomCorruptions(_dir, "a.npy", Npy(), 300, seed: 11);
    }

    [Fact]
    public void Every_truncation_of_a_valid_npz_is_usable_or_a_typed_error()
    {
        HostileModel.EveryPrefix(_dir, "m.npz", Npz());
    }

    [Fact]
    public void Random_single_byte_corruptions_of_an_npz_are_usable_or_typed_errors()
    {
        HostileModel.RandomCorruptions(_dir, "m.npz", Npz(), 400, seed: 12);
    }

    [Fact]
    public void Deeply_nested_header_literals_are_a_header_error_not_a_stack_overflow()
    {
        string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': " + new string('(', 5000) + new string(')', 5000) + "}";

        ErrorAssert.Open(_dir.Write("deep.npy", NpyBytes.BuildRaw(dict, new byte[8])), ModelErrorCodes.HeaderInvalid, "too deep");
    }

    [Fact]
    public void A_version_3_header_that_is_not_utf8_is_a_header_error()
    {
        byte[] bytes = NpyBytes.BuildRaw("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[8], major: 3);
        int at = bytes.AsSpan().IndexOf("descr"u8);
        bytes[at] = 0xFF;

        ErrorAssert.Open(_dir.Write("v3.npy", bytes), ModelErrorCodes.HeaderInvalid, "UTF-8");
    }

    [Fact]
    public void A_header_length_over_the_cap_is_refused_before_reading_it()
    {
        byte[] bytes = NpyBytes.Build("<f4", [2], new byte[8], major: 2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 50_000_000);

        ErrorAssert.Open(_dir.Write("big.npy", bytes), ModelErrorCodes.HeaderTooLarge, "1 MiB");
    }

    [Fact]
    public void A_deflated_member_that_inflates_past_its_declared_size_stops_there()
    {
        byte[] npy = NpyBytes.Build("<f4", [2], LittleEndian.Floats(1f, 2f));
        byte[] bomb = ZipBytes.Deflate([.. npy, .. new byte[4 << 20]]);
        string path = _dir.Write("bomb.npz", ZipBytes.Build([new ZipBytes.Member("a.npy", npy, Method: 8, Stored: bomb)]));

        ErrorAssert.Open(path, ModelErrorCodes.ZipMemberCorrupt, "inflates to more than");
    }

    [Fact]
    public void A_member_name_flagged_utf8_that_is_not_is_a_header_error()
    {
        byte[] npy = NpyBytes.Build("<f4", [2], LittleEndian.Floats(1f, 2f));
        byte[] bytes = ZipBytes.Build([new ZipBytes.Member("aXY.npy", npy, Flags: 0x800)]);
        int central = bytes.AsSpan().LastIndexOf("aXY"u8);
        bytes[central + 1] = 0xC3;
        bytes[central + 2] = 0x28;

        ErrorAssert.Open(_dir.Write("n.npz", bytes), ModelErrorCodes.HeaderInvalid, "UTF-8");
    }

    private static byte[] Npy() => NpyBytes.Build("<f4", [2, 3], LittleEndian.Floats(1f, 2f, 3f, 4f, 5f, 6f));

    private static byte[] Npz() => ZipBytes.Build(
    [
        new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [2, 2], LittleEndian.Floats(1f, 2f, 3f, 4f))),
        new ZipBytes.Member("soft.npy", NpyBytes.Build("<f2", [2, 2], LittleEndian.UInt16s(0x3C00, 0xC000, 0x3800, 0x7BFF)), Method: 8),
    ]);
}
