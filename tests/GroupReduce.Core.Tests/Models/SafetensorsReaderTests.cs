using GroupReduce.Abstractions.Solving;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using static GroupReduce.Testing.Models.SafetensorsBytes;

namespace GroupReduce.Core.Tests.Models;

public sealed class SafetensorsReaderTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_every_dtype_metadata_and_values()
    {
        byte[] f64 = LittleEndian.Doubles(1.5, -2.25);
        byte[] i64 = LittleEndian.Int64s(7, -9);
        byte[] f32 = LittleEndian.Floats(1f, 2f, 3f, 4f, 5f, 6f);
        byte[] f16 = LittleEndian.UInt16s(0x3C00, 0xC000, 0x3800, 0x7BFF);
        byte[] bf16 = LittleEndian.UInt16s(0x3F80, 0xC040);
        byte[] u8 = [1, 2, 3];
        byte[] flag = [1];
        byte[] data = LittleEndian.Concat(f64, i64, f32, f16, bf16, u8, flag);
        string header = "{\"__metadata__\":{\"format\":\"pt\",\"note\":\"é\"}," + string.Join(
            ",",
            Entry("d", "F64", [2], 0, 16),
            Entry("i", "I64", [2], 16, 32),
            Entry("w", "F32", [2, 3], 32, 56),
            Entry("h", "F16", [2, 2], 56, 64),
            Entry("b", "BF16", [1, 2], 64, 68),
            Entry("u", "U8", [3], 68, 71),
            Entry("flag", "BOOL", [], 71, 72),
            Entry("empty", "F32", [0, 4], 72, 72)) + "}";
        string path = _dir.Write("model.safetensors", Build(header, data));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Safetensors, file.Format);
        Assert.Equal(path, file.Path);
        Assert.Null(file.Vocabulary);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal("é", file.Metadata["note"]);
        Assert.Equal(["d", "i", "w", "h", "b", "u", "flag", "empty"], file.Tensors.Select(t => t.Name));
        Assert.Equal(
            [TensorDType.F64, TensorDType.I64, TensorDType.F32, TensorDType.F16, TensorDType.BF16, TensorDType.U8, TensorDType.Bool, TensorDType.F32],
            file.Tensors.Select(t => t.DType));
        Assert.Equal([2L, 3L], file.FindTensor("w")!.Shape);
        Assert.Empty(file.FindTensor("flag")!.Shape);
        Assert.Null(file.FindTensor("w")!.GgmlTypeName);
        Assert.Equal(24, file.FindTensor("w")!.ByteLength);

        Assert.Equal(new float[] { 1f, 2f, 3f, 4f, 5f, 6f }, ReadAll(file.FindTensor("w")!.AsMatrix()));
        Assert.Equal(new float[] { 1f, -2f, 0.5f, 65504f }, ReadAll(file.FindTensor("h")!.AsMatrix()));
        Assert.Equal(new float[] { 1f, -3f }, ReadAll(file.FindTensor("b")!.AsMatrix()));
        Assert.Equal(0, file.FindTensor("empty")!.AsMatrix().Rows);
        Assert.Equal(u8, RawBytes(file.FindTensor("u")!));
        Assert.Equal(i64, RawBytes(file.FindTensor("i")!));
        Assert.Equal(f16, RawBytes(file.FindTensor("h")!));
    }

    [Fact]
    public void Orders_tensors_by_data_offset_not_header_order()
    {
        string header = Header(Entry("second", "F32", [1], 4, 8), Entry("first", "F32", [1], 0, 4));
        string path = _dir.Write("x.bin", Build(header, LittleEndian.Floats(1f, 2f)));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(["first", "second"], file.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Non_matrix_tensors_refuse_AsMatrix()
    {
        string header = Header(Entry("ids", "I64", [2, 1], 0, 16), Entry("bias", "F32", [2], 16, 24));
        string path = _dir.Write("x.safetensors", Build(header, new byte[24]));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.False(file.FindTensor("ids")!.IsMatrix);
        var error = Assert.Throws<Abstractions.GroupReduceException>(() => file.FindTensor("ids")!.AsMatrix());
        Assert.Equal(ModelErrorCodes.NotAMatrix, error.Code);
        Assert.Contains("'ids'", error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelErrorCodes.NotAMatrix, Assert.Throws<Abstractions.GroupReduceException>(() => file.FindTensor("bias")!.AsMatrix()).Code);
    }

    [Fact]
    public void Rejects_files_shorter_than_the_length_prefix() =>
        ErrorAssert.Open(_dir.Write("x.safetensors", [0x02, 0, 0, 0, 0, 0, 0]), ModelErrorCodes.UnrecognizedFormat);

    [Fact]
    public void Rejects_a_header_longer_than_the_file()
    {
        byte[] bytes = Build(Header(Entry("w", "F32", [1], 0, 4)), LittleEndian.Floats(1f));
        bytes[0] += 100;
        ErrorAssert.Open(_dir.Write("x.safetensors", bytes), ModelErrorCodes.HeaderTooLarge, "bytes follow it", "truncated");
    }

    [Fact]
    public void Rejects_an_absurd_header_length()
    {
        byte[] bytes = Build(Header(Entry("w", "F32", [1], 0, 4)), LittleEndian.Floats(1f));
        BitConverter.GetBytes(200_000_000UL).CopyTo(bytes, 0);
        ErrorAssert.Open(_dir.Write("x.safetensors", bytes), ModelErrorCodes.HeaderTooLarge, "100 MB");
    }

    [Fact]
    public void Rejects_a_truncated_data_section() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("w", "F32", [2, 2], 0, 16)), LittleEndian.Floats(1f, 2f, 3f))),
            ModelErrorCodes.DataOutOfBounds,
            "'w'");

    [Fact]
    public void Rejects_a_header_that_is_not_json() =>
        ErrorAssert.Open(_dir.Write("x.safetensors", Build("{\"w\": oops}", [])), ModelErrorCodes.HeaderInvalid, "not valid JSON");

    [Fact]
    public void Rejects_a_tensor_entry_that_is_not_an_object() =>
        ErrorAssert.Open(_dir.Write("x.safetensors", Build("{\"w\": [1, 2]}", [])), ModelErrorCodes.HeaderInvalid, "'w'");

    [Fact]
    public void Rejects_non_string_metadata() =>
        ErrorAssert.Open(_dir.Write("x.safetensors", Build("{\"__metadata__\":{\"n\":3}}", [])), ModelErrorCodes.HeaderInvalid, "'n'");

    [Theory]
    [InlineData("F8_E4M3")]
    [InlineData("garbage")]
    [InlineData("f32")]
    public void Rejects_unknown_dtypes_naming_tensor_and_dtype(string dtype) =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("emb", dtype, [4], 0, 4)), new byte[4])),
            ModelErrorCodes.UnknownDType,
            "'emb'",
            dtype);

    [Fact]
    public void Rejects_offsets_past_the_end() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [1], 0, 4), Entry("b", "F32", [1], 4, 8)), new byte[4])),
            ModelErrorCodes.DataOutOfBounds,
            "'b'");

    [Fact]
    public void Rejects_end_before_begin() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [1], 8, 4)), new byte[8])),
            ModelErrorCodes.DataOutOfBounds,
            "'a'");

    [Fact]
    public void Rejects_a_length_that_does_not_match_the_shape() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [3], 0, 8)), new byte[8])),
            ModelErrorCodes.ByteLengthMismatch,
            "'a'",
            "needs 12 bytes");

    [Fact]
    public void Rejects_overlapping_tensors() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [2], 0, 8), Entry("b", "F32", [2], 4, 12)), new byte[12])),
            ModelErrorCodes.TensorsOverlap,
            "'b'");

    [Fact]
    public void Rejects_a_gap_between_tensors() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [1], 0, 4), Entry("b", "F32", [1], 8, 12)), new byte[12])),
            ModelErrorCodes.TensorsNotContiguous,
            "'b'",
            "gap of 4 bytes");

    [Fact]
    public void Rejects_a_gap_before_the_first_tensor() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [1], 4, 8)), new byte[8])),
            ModelErrorCodes.TensorsNotContiguous,
            "'a'");

    [Fact]
    public void Rejects_unused_bytes_at_the_end() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [1], 0, 4)), new byte[6])),
            ModelErrorCodes.TensorsNotContiguous,
            "2 bytes");

    [Fact]
    public void Rejects_negative_dimensions() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [-1, 4], 0, 0)), [])),
            ModelErrorCodes.InvalidShape,
            "'a'");

    [Fact]
    public void Rejects_duplicate_names() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build(Header(Entry("a", "F32", [1], 0, 4), Entry("a", "F32", [1], 4, 8)), new byte[8])),
            ModelErrorCodes.DuplicateName,
            "'a'");

    [Fact]
    public void Rejects_missing_fields() =>
        ErrorAssert.Open(
            _dir.Write("x.safetensors", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", [])),
            ModelErrorCodes.HeaderInvalid,
            "data_offsets");

    internal static float[] ReadAll(IRowMatrix matrix)
    {
        var values = new float[matrix.Rows * matrix.Columns];
        matrix.CopyRows(0, (int)matrix.Rows, values);
        return values;
    }

    internal static byte[] RawBytes(ModelTensor tensor)
    {
        using var stream = new MemoryStream();
        tensor.CopyRawTo(stream, CancellationToken.None);
        return stream.ToArray();
    }
}
