using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Models;

public sealed class NpyReaderTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_a_float32_matrix_with_every_header_version(int major)
    {
        byte[] data = LittleEndian.Floats(1.5f, -2f, 3.25f, 0f, 5f, -6.125f);
        string path = _dir.Write("emb.npy", NpyBytes.Build("<f4", [2, 3], data, major: major));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Npy, file.Format);
        ModelTensor tensor = Assert.Single(file.Tensors);
        Assert.Equal("array", tensor.Name);
        Assert.Equal(TensorDType.F32, tensor.DType);
        Assert.Equal([2L, 3L], tensor.Shape);
        Assert.Equal(24, tensor.ByteLength);
        Assert.Equal(new[] { 1.5f, -2f, 3.25f, 0f, 5f, -6.125f }, SafetensorsReaderTests.ReadAll(tensor.AsMatrix()));
        Assert.Equal(data, SafetensorsReaderTests.RawBytes(tensor));
        Assert.Empty(file.Metadata);
        Assert.Null(file.Vocabulary);
    }

    [Theory]
    [InlineData("<f2", TensorDType.F16, 2)]
    [InlineData("<f8", TensorDType.F64, 8)]
    [InlineData("|i1", TensorDType.I8, 1)]
    [InlineData("<i2", TensorDType.I16, 2)]
    [InlineData("<i4", TensorDType.I32, 4)]
    [InlineData("<i8", TensorDType.I64, 8)]
    [InlineData("|u1", TensorDType.U8, 1)]
    [InlineData("<u2", TensorDType.U16, 2)]
    [InlineData("<u4", TensorDType.U32, 4)]
    [InlineData("<u8", TensorDType.U64, 8)]
    [InlineData("|b1", TensorDType.Bool, 1)]
    [InlineData(">i1", TensorDType.I8, 1)]
    public void Maps_numpy_descrs_to_dtypes(string descr, TensorDType dtype, int size)
    {
        byte[] data = Enumerable.Range(0, 3 * size).Select(i => (byte)i).ToArray();
        string path = _dir.Write("a.npy", NpyBytes.Build(descr, [3], data));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(dtype, file.Tensors[0].DType);
        Assert.Equal(data, SafetensorsReaderTests.RawBytes(file.Tensors[0]));
    }

    [Fact]
    public void Reads_float16_and_float64_matrices()
    {
        string half = _dir.Write("h.npy", NpyBytes.Build("<f2", [2, 2], LittleEndian.UInt16s(0x3C00, 0xC000, 0x3800, 0x0000)));
        string dbl = _dir.Write("d.npy", NpyBytes.Build("<f8", [1, 2], LittleEndian.Doubles(0.25, -8)));

        using ModelFile h = ModelFileReader.Open(half);
        using ModelFile d = ModelFileReader.Open(dbl);

        Assert.Equal(new[] { 1f, -2f, 0.5f, 0f }, SafetensorsReaderTests.ReadAll(h.Tensors[0].AsMatrix()));
        Assert.Equal(new[] { 0.25f, -8f }, SafetensorsReaderTests.ReadAll(d.Tensors[0].AsMatrix()));
    }

    [Fact]
    public void Reads_scalars_and_python2_long_dimensions()
    {
        string scalar = _dir.Write("s.npy", NpyBytes.Build("<f4", [], LittleEndian.Floats(4f)));
        string longs = _dir.Write("l.npy", NpyBytes.BuildRaw("{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L), }", LittleEndian.Floats(1f, 2f)));

        using ModelFile s = ModelFileReader.Open(scalar);
        using ModelFile l = ModelFileReader.Open(longs);

        Assert.Empty(s.Tensors[0].Shape);
        Assert.Equal(4, s.Tensors[0].ByteLength);
        Assert.Equal([1L, 2L], l.Tensors[0].Shape);
    }

    [Fact]
    public void Rejects_fortran_order() =>
        ErrorAssert.Open(_dir.Write("a.npy", NpyBytes.Build("<f4", [2, 2], new byte[16], fortranOrder: true)), ModelErrorCodes.UnsupportedLayout, "Fortran");

    [Fact]
    public void Rejects_big_endian_data() =>
        ErrorAssert.Open(_dir.Write("a.npy", NpyBytes.Build(">f4", [2], new byte[8])), ModelErrorCodes.UnsupportedLayout, "big-endian", "astype('<f4')");

    [Theory]
    [InlineData("<c8")]
    [InlineData("<U10")]
    [InlineData("|O")]
    public void Rejects_unsupported_dtypes(string descr) =>
        ErrorAssert.Open(_dir.Write("a.npy", NpyBytes.Build(descr, [1], new byte[8])), ModelErrorCodes.UnknownDType, descr);

    [Fact]
    public void Rejects_structured_dtypes() =>
        ErrorAssert.Open(
            _dir.Write("a.npy", NpyBytes.BuildRaw("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4])),
            ModelErrorCodes.UnsupportedLayout,
            "structured");

    [Fact]
    public void Rejects_truncated_data() =>
        ErrorAssert.Open(_dir.Write("a.npy", NpyBytes.Build("<f4", [2, 3], new byte[20])), ModelErrorCodes.Truncated, "needs 24");

    [Fact]
    public void Rejects_extra_data() =>
        ErrorAssert.Open(_dir.Write("a.npy", NpyBytes.Build("<f4", [2], new byte[12])), ModelErrorCodes.ByteLengthMismatch);

    [Fact]
    public void Rejects_a_header_length_past_the_end()
    {
        byte[] bytes = NpyBytes.Build("<f4", [1], new byte[4]);
        bytes[8] = 0xFF;
        bytes[9] = 0xFF;
        ErrorAssert.Open(_dir.Write("a.npy", bytes), ModelErrorCodes.Truncated);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'shape': (1,), }")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}")]
    [InlineData("{'descr': '<f4', 'fortran_order': 'no', 'shape': (1,)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}")]
    [InlineData("not a dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)")]
    public void Rejects_malformed_header_dictionaries(string dict) =>
        ErrorAssert.Open(_dir.Write("a.npy", NpyBytes.BuildRaw(dict, new byte[4])), ModelErrorCodes.HeaderInvalid);

    [Fact]
    public void Rejects_a_file_cut_inside_the_preamble() =>
        ErrorAssert.Open(_dir.Write("a.npy", NpyBytes.Build("<f4", [1], new byte[4])[..7]), ModelErrorCodes.Truncated, "preamble");

    [Fact]
    public void Rejects_unknown_versions()
    {
        byte[] bytes = NpyBytes.Build("<f4", [1], new byte[4]);
        bytes[6] = 4;
        ErrorAssert.Open(_dir.Write("a.npy", bytes), ModelErrorCodes.UnsupportedVersion, "4.0");
    }
}
