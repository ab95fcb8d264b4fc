using System.Buffers.Binary;
using System.IO.Compression;
using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;
using GroupReduce.Core.Models.Tensors;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Models;

public sealed class NpzReaderTests : IDisposable
{
    private static readonly byte[] Embedding = LittleEndian.Floats(Enumerable.Range(0, 12).Select(i => i * 0.5f - 2f).ToArray());
    private static readonly byte[] Softmax = LittleEndian.UInt16s(0x3C00, 0xC000, 0x3800, 0x7BFF);
    private static readonly byte[] Bias = LittleEndian.Floats(1f, 2f, 3f);

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_stored_and_deflated_members_written_by_ZipArchive()
    {
        string path = _dir.Write("model.npz", WithZipArchive(
            ("emb.npy", NpyBytes.Build("<f4", [3, 4], Embedding), CompressionLevel.NoCompression),
            ("softmax.npy", NpyBytes.Build("<f2", [2, 2], Softmax), CompressionLevel.Optimal),
            ("sub/bias.npy", NpyBytes.Build("<f4", [3], Bias), CompressionLevel.Optimal)));
        Assert.Equal([0, 8, 8], LocalMethods(File.ReadAllBytes(path)));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Npz, file.Format);
        Assert.Equal(["emb", "softmax", "sub/bias"], file.Tensors.Select(t => t.Name));
        Assert.Equal([3L, 4L], file.FindTensor("emb")!.Shape);
        Assert.Equal(TensorDType.F16, file.FindTensor("softmax")!.DType);
        Assert.Equal(Embedding, SafetensorsReaderTests.RawBytes(file.FindTensor("emb")!));
        Assert.Equal(Softmax, SafetensorsReaderTests.RawBytes(file.FindTensor("softmax")!));
        Assert.Equal(Bias, SafetensorsReaderTests.RawBytes(file.FindTensor("sub/bias")!));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 0.5f - 2f), SafetensorsReaderTests.ReadAll(file.FindTensor("emb")!.AsMatrix()));
        Assert.Equal(new[] { 1f, -2f, 0.5f, 65504f }, SafetensorsReaderTests.ReadAll(file.FindTensor("softmax")!.AsMatrix()));
    }

    [Fact]
    public void Deflated_members_are_inflated_once_to_a_temporary_file_without_a_name()
    {
        string path = _dir.Write("model.npz", WithZipArchive(("softmax.npy", NpyBytes.Build("<f2", [2, 2], Softmax), CompressionLevel.Optimal)));
        ModelFile file = ModelFileReader.Open(path);
        InflatedNpyMember member = Assert.Single(((LoadedModelFile)file).Resources.OfType<InflatedNpyMember>());
        Assert.Null(member.TemporaryPath);

        IRowMatrix first = file.Tensors[0].AsMatrix();
        string? temporary = member.TemporaryPath;
        IRowMatrix second = file.Tensors[0].AsMatrix();

        Assert.NotNull(temporary);
        Assert.Equal(temporary, member.TemporaryPath);
        // On Unix the scratch file loses its name once open, so a killed run cannot leave it in TMPDIR; Windows deletes it on close.
        Assert.Equal(OperatingSystem.IsWindows(), File.Exists(temporary));
        Assert.Equal(SafetensorsReaderTests.ReadAll(first), SafetensorsReaderTests.ReadAll(second));
        Assert.Equal(Softmax, SafetensorsReaderTests.RawBytes(file.Tensors[0]));
        file.Dispose();
        Assert.False(File.Exists(temporary));
    }

    [Fact]
    public void Reads_zip64_archives_with_stored_and_deflated_members()
    {
        byte[] bytes = ZipBytes.Build(
            [
                new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [3, 4], Embedding)),
                new ZipBytes.Member("softmax.npy", NpyBytes.Build("<f2", [2, 2], Softmax), Method: 8),
            ],
            zip64: true);
        string path = _dir.Write("lm.bin", bytes);

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Npz, file.Format);
        Assert.Equal(Embedding, SafetensorsReaderTests.RawBytes(file.FindTensor("emb")!));
        Assert.Equal(new[] { 1f, -2f, 0.5f, 65504f }, SafetensorsReaderTests.ReadAll(file.FindTensor("softmax")!.AsMatrix()));
    }

    [Fact]
    public void Rejects_a_local_header_that_disagrees_with_the_central_directory() =>
        ErrorAssert.Open(
            _dir.Write("a.npz", ZipBytes.Build([new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [3, 4], Embedding), LocalName: "xyz.npy")])),
            ModelErrorCodes.ZipMemberCorrupt,
            "'emb.npy'");

    [Fact]
    public void Rejects_a_deflated_member_with_a_wrong_crc() =>
        ErrorAssert.Open(
            _dir.Write("a.npz", ZipBytes.Build([new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [3, 4], Embedding), Method: 8, Crc: 0x12345678)])),
            ModelErrorCodes.ZipMemberCorrupt,
            "CRC-32");

    [Fact]
    public void Rejects_a_deflated_member_that_inflates_to_the_wrong_size()
    {
        byte[] npy = NpyBytes.Build("<f4", [3, 4], Embedding);
        byte[] longer = [.. npy, .. new byte[16]];
        ErrorAssert.Open(
            _dir.Write("a.npz", ZipBytes.Build([new ZipBytes.Member("emb.npy", npy, Method: 8, Stored: ZipBytes.Deflate(longer))])),
            ModelErrorCodes.ZipMemberCorrupt,
            "inflates to");
    }

    [Fact]
    public void Rejects_unsupported_compression_methods() =>
        ErrorAssert.Open(
            _dir.Write("a.npz", ZipBytes.Build([new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [1], Bias[..4]), Method: 12)])),
            ModelErrorCodes.ZipUnsupported,
            "method 12");

    [Fact]
    public void Rejects_encrypted_members() =>
        ErrorAssert.Open(
            _dir.Write("a.npz", ZipBytes.Build([new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [1], Bias[..4]), Flags: 1)])),
            ModelErrorCodes.ZipUnsupported,
            "encrypted");

    [Fact]
    public void Rejects_members_that_are_not_npy() =>
        ErrorAssert.Open(
            _dir.Write("a.npz", ZipBytes.Build([new ZipBytes.Member("readme.txt", "hello"u8.ToArray())])),
            ModelErrorCodes.HeaderInvalid,
            "'readme.txt'");

    [Fact]
    public void Rejects_duplicate_members()
    {
        byte[] npy = NpyBytes.Build("<f4", [1], Bias[..4]);
        ErrorAssert.Open(
            _dir.Write("a.npz", ZipBytes.Build([new ZipBytes.Member("a.npy", npy), new ZipBytes.Member("a.npy", npy)])),
            ModelErrorCodes.DuplicateName,
            "'a.npy'");
    }

    [Fact]
    public void Rejects_a_truncated_archive()
    {
        byte[] bytes = ZipBytes.Build([new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [3, 4], Embedding))]);
        ErrorAssert.Open(_dir.Write("a.npz", bytes[..^30]), ModelErrorCodes.Truncated, "end-of-central-directory");
    }

    [Fact]
    public void Rejects_member_sizes_that_run_into_the_central_directory()
    {
        byte[] bytes = ZipBytes.Build([new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [3, 4], Embedding))]);
        int central = FindSignature(bytes, 0x02014b50);
        foreach (int at in new[] { 18, 22, central + 20, central + 24 })
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), 100_000);
        }

        ErrorAssert.Open(_dir.Write("a.npz", bytes), ModelErrorCodes.DataOutOfBounds, "'emb.npy'");
    }

    [Fact]
    public void Rejects_a_bad_npy_inside_a_member_naming_the_member() =>
        ErrorAssert.Open(
            _dir.Write("a.npz", ZipBytes.Build([new ZipBytes.Member("emb.npy", NpyBytes.Build("<f4", [3, 5], Embedding), Method: 8)])),
            ModelErrorCodes.Truncated,
            "'emb.npy'");

    private static byte[] WithZipArchive(params (string Name, byte[] Data, CompressionLevel Level)[] members)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] data, CompressionLevel level) in members)
            {
                using Stream entry = archive.CreateEntry(name, level).Open();
                entry.Write(data);
            }
        }

        return buffer.ToArray();
    }

    private static List<int> LocalMethods(byte[] zip)
    {
        var methods = new List<int>();
        for (int at = 0; at + 30 <= zip.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) == 0x04034b50)
            {
                methods.Add(BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 8)));
            }
        }

        return methods;
    }

    private static int FindSignature(byte[] bytes, uint signature)
    {
        for (int at = 0; at + 4 <= bytes.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) == signature)
            {
                return at;
            }
        }

        throw new InvalidOperationException("signature not found");
    }
}
