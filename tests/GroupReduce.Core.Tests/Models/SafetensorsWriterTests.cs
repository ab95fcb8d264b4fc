using System.Buffers.Binary;
using System.Text;
using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Models;

public sealed class SafetensorsWriterTests : IDisposable
{
    private const string ExpectedHeader =
        "{\"__metadata__\":{\"a\":\"2\",\"q\":\"say \\\"hi\\\"\",\"z\":\"é\"}," +
        "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}," +
        "\"e\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]}," +
        "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[24,40]}," +
        "\"c\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[40,46]}," +
        "\"g\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[46,48]}," +
        "\"d\":{\"dtype\":\"U8\",\"shape\":[5],\"data_offsets\":[48,53]}," +
        "\"f\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[53,55]}}";

    private static readonly Dictionary<string, string> Metadata = new() { ["z"] = "é", ["a"] = "2", ["q"] = "say \"hi\"" };

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Writes_aligned_ordered_contiguous_tensors_with_a_padded_header()
    {
        byte[] bytes = WriteToArray(Entries());

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Equal(ExpectedHeader, header.TrimEnd(' '));
        Assert.Equal(header.Length - ExpectedHeader.Length, header.Length - header.TrimEnd(' ').Length);
        Assert.True(header.Length - ExpectedHeader.Length < 8);
        byte[] expectedData = LittleEndian.Concat(
            LittleEndian.Doubles(1.5, -2), LittleEndian.Int64s(-7), LittleEndian.Floats(1, 2, 3, 4),
            LittleEndian.UInt16s(0x3C00, 0x4000, 0x4200), LittleEndian.UInt16s(0x3F80), [1, 2, 3, 4, 5], [1, 0]);
        Assert.Equal(expectedData, bytes[(8 + (int)headerLength)..]);
    }

    [Fact]
    public void Output_reopens_with_the_reader_and_every_tensor_is_aligned_to_its_element_size()
    {
        string path = _dir.Path + "/out.safetensors";
        using (FileStream stream = File.Create(path))
        {
            long written = SafetensorsWriter.Write(stream, Metadata, Entries());
            Assert.Equal(stream.Length, written);
        }

        using ModelFile file = ModelFileReader.Open(path);
        long dataStart = 8 + (long)BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path));

        Assert.Equal(0, dataStart % 8);
        Assert.Equal(["b", "e", "a", "c", "g", "d", "f"], file.Tensors.Select(t => t.Name));
        Assert.Equal(Metadata, file.Metadata);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, SafetensorsReaderTests.ReadAll(file.FindTensor("a")!.AsMatrix()));
        Assert.Equal([2L, 2L], file.FindTensor("a")!.Shape);
        long offset = dataStart;
        foreach (ModelTensor tensor in file.Tensors)
        {
            SafetensorsDType.TryParse(SafetensorsDType.FromTensorDType(tensor.DType)!, out _, out int size);
            Assert.Equal(0, offset % size);
            offset += tensor.ByteLength;
        }
    }

    [Fact]
    public void Same_input_in_any_order_gives_identical_bytes()
    {
        byte[] first = WriteToArray(Entries());
        byte[] second = WriteToArray(Entries().AsEnumerable().Reverse().ToList(), new Dictionary<string, string>(Metadata.Reverse()));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Writes_an_empty_file_that_reopens()
    {
        byte[] bytes = WriteToArray([], new Dictionary<string, string>());
        Assert.Equal("{}      ", Encoding.UTF8.GetString(bytes, 8, bytes.Length - 8));

        using ModelFile file = ModelFileReader.Open(_dir.Write("empty.safetensors", bytes));
        Assert.Empty(file.Tensors);
        Assert.Empty(file.Metadata);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Refuses_a_callback_that_writes_the_wrong_length(int written)
    {
        var entry = new SafetensorsEntry("w", SafetensorsDType.F32, [1], 4, s => s.Write(new byte[written]));

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => WriteToArray([entry], metadata: null));

        Assert.Equal(ModelErrorCodes.WriterDataLengthMismatch, error.Code);
        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<SafetensorsEntry> InvalidEntries() => new()
    {
        new SafetensorsEntry("", SafetensorsDType.F32, [1], 4, _ => { }),
        new SafetensorsEntry("__metadata__", SafetensorsDType.F32, [1], 4, _ => { }),
        new SafetensorsEntry("w", "F8_E4M3", [1], 1, _ => { }),
        new SafetensorsEntry("w", SafetensorsDType.F32, [3], 8, _ => { }),
        new SafetensorsEntry("w", SafetensorsDType.F32, [-1], 4, _ => { }),
    };

    [Theory]
    [MemberData(nameof(InvalidEntries))]
    public void Refuses_invalid_entries_before_writing(SafetensorsEntry entry)
    {
        using var stream = new MemoryStream();

        GroupReduceException error = Assert.Throws<GroupReduceException>(() => SafetensorsWriter.Write(stream, null, [entry]));

        Assert.Equal(ModelErrorCodes.WriterInvalidEntry, error.Code);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void Refuses_duplicate_names()
    {
        SafetensorsEntry entry = SafetensorsEntry.FromBytes("w", SafetensorsDType.U8, [1], new byte[1]);
        Assert.Equal(ModelErrorCodes.WriterInvalidEntry, Assert.Throws<GroupReduceException>(() => WriteToArray([entry, entry], null)).Code);
    }

    [Fact]
    public void Passes_tensors_through_keeping_dtypes_and_storing_ggml_blocks_as_bytes()
    {
        byte[] q4k = Enumerable.Range(0, 144).Select(i => (byte)(i * 3)).ToArray();
        byte[] half = LittleEndian.UInt16s(0x3C00, 0xC000);
        string gguf = _dir.Write("m.gguf", new GgufBytes().Tensor("q", [256, 1], 12, q4k).Tensor("h", [2, 1], 1, half).Build());
        string output = _dir.Path + "/out.safetensors";
        using (ModelFile source = ModelFileReader.Open(gguf))
        using (FileStream stream = File.Create(output))
        {
            SafetensorsEntry raw = SafetensorsEntry.PassThrough(source.FindTensor("q")!);
            Assert.Equal(SafetensorsDType.U8, raw.DType);
            Assert.Equal([144L], raw.Shape);
            SafetensorsWriter.Write(stream, new Dictionary<string, string> { ["q.ggml_type"] = source.FindTensor("q")!.GgmlTypeName! }, [raw, SafetensorsEntry.PassThrough(source.FindTensor("h")!, "renamed")]);
        }

        using ModelFile copy = ModelFileReader.Open(output);
        Assert.Equal(q4k, SafetensorsReaderTests.RawBytes(copy.FindTensor("q")!));
        Assert.Equal(TensorDType.U8, copy.FindTensor("q")!.DType);
        Assert.Equal(TensorDType.F16, copy.FindTensor("renamed")!.DType);
        Assert.Equal([1L, 2L], copy.FindTensor("renamed")!.Shape);
        Assert.Equal(half, SafetensorsReaderTests.RawBytes(copy.FindTensor("renamed")!));
        Assert.Equal("Q4_K", copy.Metadata["q.ggml_type"]);
    }

    [Fact]
    public void Maps_tensor_dtypes_to_safetensors_names()
    {
        foreach (TensorDType type in Enum.GetValues<TensorDType>())
        {
            string? name = SafetensorsDType.FromTensorDType(type);
            if (type is TensorDType.Q8_0 or TensorDType.GgmlRaw)
            {
                Assert.Null(name);
                continue;
            }

            Assert.True(SafetensorsDType.TryParse(name!, out TensorDType back, out _));
            Assert.Equal(type, back);
        }
    }

    private static List<SafetensorsEntry> Entries() =>
    [
        SafetensorsEntry.FromBytes("a", SafetensorsDType.F32, [2, 2], LittleEndian.Floats(1, 2, 3, 4)),
        SafetensorsEntry.FromBytes("b", SafetensorsDType.F64, [2], LittleEndian.Doubles(1.5, -2)),
        SafetensorsEntry.FromBytes("c", SafetensorsDType.F16, [3], LittleEndian.UInt16s(0x3C00, 0x4000, 0x4200)),
        new SafetensorsEntry("d", SafetensorsDType.U8, [5], 5, s => { s.WriteByte(1); s.Write([2, 3, 4, 5], 0, 4); }),
        SafetensorsEntry.FromBytes("e", SafetensorsDType.I64, [1], LittleEndian.Int64s(-7)),
        SafetensorsEntry.FromBytes("f", SafetensorsDType.Bool, [2], new byte[] { 1, 0 }),
        SafetensorsEntry.FromBytes("g", SafetensorsDType.BF16, [1], LittleEndian.UInt16s(0x3F80)),
    ];

    private static byte[] WriteToArray(IEnumerable<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, metadata ?? Metadata, entries);
        return stream.ToArray();
    }
}
