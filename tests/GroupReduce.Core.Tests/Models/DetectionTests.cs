using GroupReduce.Abstractions;
using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Models;

public sealed class DetectionTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, ModelFormat> Samples() => new()
    {
        { "safetensors", ModelFormat.Safetensors },
        { "npy", ModelFormat.Npy },
        { "npz", ModelFormat.Npz },
        { "word2vec-binary", ModelFormat.Word2VecBinary },
        { "word2vec-text", ModelFormat.Word2VecText },
        { "glove", ModelFormat.Word2VecText },
        { "gguf", ModelFormat.Gguf },
        { "onnx", ModelFormat.Onnx },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Detects_each_format_by_content_whatever_the_name(string kind, ModelFormat expected)
    {
        foreach (string name in new[] { "lm.bin", "model.npy", "vectors.txt", "weights.safetensors", "noextension" })
        {
            string path = _dir.Write(name, Sample(kind));

            Assert.Equal(expected, ModelFileReader.Detect(path));
            using ModelFile file = ModelFileReader.Open(path);
            Assert.Equal(expected, file.Format);
            Assert.Equal(2L, file.Tensors[0].Shape[0]);
            Assert.Equal([1f, 2f, 3f, 4f], SafetensorsReaderTests.ReadAll(file.Tensors[0].AsMatrix()));
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', (byte)' ', (byte)'w', (byte)'o', (byte)'r', (byte)'l', (byte)'d', (byte)'\n' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    [InlineData(new byte[] { 0x08, 0x08, 0x12, 0x02, (byte)'p', (byte)'t' })] // ir_version and a producer, but no graph
    [InlineData(new byte[] { 0x08, 0x00, 0x3A, 0x00 })] // ir_version 0
    [InlineData(new byte[] { 0x08, 0x08, 0x12, 0x7F, 0x3A, 0x00 })] // a producer name longer than the file
    [InlineData(new byte[] { 0x08, 0x08, 0x4A, 0x00, 0x3A, 0x00 })] // field 9 is not a ModelProto field
    public void Rejects_unrecognised_content_listing_the_formats(byte[] bytes)
    {
        string path = _dir.Write("lm.bin", bytes);

        GroupReduceException detect = Assert.Throws<GroupReduceException>(() => ModelFileReader.Detect(path));
        Assert.Equal(ModelErrorCodes.UnrecognizedFormat, detect.Code);
        Assert.Contains("safetensors, GGUF", detect.Message, StringComparison.Ordinal);
        ErrorAssert.Open(path, ModelErrorCodes.UnrecognizedFormat, "word2vec binary", "GloVe text");
    }

    [Fact]
    public void Reports_a_missing_file()
    {
        string path = Path.Combine(_dir.Path, "missing.bin");

        Assert.Equal(ModelErrorCodes.FileUnreadable, Assert.Throws<GroupReduceException>(() => ModelFileReader.Detect(path)).Code);
        Assert.Equal(ModelErrorCodes.FileUnreadable, Assert.Throws<GroupReduceException>(() => ModelFileReader.Open(path)).Code);
    }

    [Fact]
    public void Detects_text_whose_first_line_is_longer_than_the_detection_window()
    {
        const int columns = 200_000;
        string line = "wide " + string.Join(' ', Enumerable.Repeat("0.125", columns)) + "\n";
        string path = _dir.WriteText("lm.bin", line + line);

        Assert.Equal(ModelFormat.Word2VecText, ModelFileReader.Detect(path));
        using ModelFile file = ModelFileReader.Open(path);
        Assert.Equal([2L, columns], file.Tensors[0].Shape);
    }

    // Each sample holds the 2 x 2 matrix [[1, 2], [3, 4]].
    private static byte[] Sample(string kind)
    {
        float[] values = [1f, 2f, 3f, 4f];
        (string, float[])[] rows = [("a", [1f, 2f]), ("b", [3f, 4f])];
        return kind switch
        {
            "safetensors" => SafetensorsBytes.SingleF32(2, 2, i => values[i]),
            "npy" => NpyBytes.Build("<f4", [2, 2], LittleEndian.Floats(values)),
            "npz" => ZipBytes.Build([new ZipBytes.Member("m.npy", NpyBytes.Build("<f4", [2, 2], LittleEndian.Floats(values)), Method: 8)]),
            "word2vec-binary" => Word2VecBytes.Binary(rows),
            "word2vec-text" => System.Text.Encoding.UTF8.GetBytes(Word2VecBytes.Text(rows, header: true)),
            "glove" => System.Text.Encoding.UTF8.GetBytes(Word2VecBytes.Text(rows, header: false)),
            "gguf" => new GgufBytes().Tensor("m", [2, 2], 0, LittleEndian.Floats(values)).Build(),
            "onnx" => new OnnxBytes().Float("m", [2, 2], values).Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
