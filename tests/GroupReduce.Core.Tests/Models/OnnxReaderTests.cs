using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using Onnx;

namespace GroupReduce.Core.Tests.Models;

public sealed class OnnxReaderTests : IDisposable
{
    private static readonly float[] Values = [1f, -2f, 0.5f, 3.25f, 4f, -0.125f];

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Reads_float32_initializers_from_raw_data_and_from_float_data()
    {
        string path = new OnnxBytes().Float("raw", [2, 3], Values).FloatTyped("typed", [3, 2], Values).Write(Path.Combine(_dir.Path, "lm.bin"));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(ModelFormat.Onnx, file.Format);
        Assert.Equal(["raw", "typed"], file.Tensors.Select(t => t.Name));
        Assert.Equal([2L, 3L], file.FindTensor("raw")!.Shape);
        Assert.Equal(TensorDType.F32, file.FindTensor("typed")!.DType);
        Assert.Equal(Values, SafetensorsReaderTests.ReadAll(file.FindTensor("raw")!.AsMatrix()));
        Assert.Equal(Values, SafetensorsReaderTests.ReadAll(file.FindTensor("typed")!.AsMatrix()));
        Assert.Null(file.Vocabulary);
    }

    [Fact]
    public void Reads_float16_from_raw_data_and_int32_data_and_bfloat16_from_raw_data()
    {
        string path = new OnnxBytes()
            .Half("h", [3, 2], Values)
            .HalfTyped("ht", [3, 2], Values)
            .BFloat16("b", [2, 3], Values)
            .Write(Path.Combine(_dir.Path, "model.onnx"));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(TensorDType.F16, file.FindTensor("h")!.DType);
        Assert.Equal(TensorDType.F16, file.FindTensor("ht")!.DType);
        Assert.Equal(TensorDType.BF16, file.FindTensor("b")!.DType);
        Assert.Equal(12L, file.FindTensor("b")!.ByteLength);

        // Every value is exact in float16 and bfloat16.
        Assert.Equal(Values, SafetensorsReaderTests.ReadAll(file.FindTensor("h")!.AsMatrix()));
        Assert.Equal(Values, SafetensorsReaderTests.ReadAll(file.FindTensor("ht")!.AsMatrix()));
        Assert.Equal(Values, SafetensorsReaderTests.ReadAll(file.FindTensor("b")!.AsMatrix()));
    }

    [Fact]
    public void Reads_initializers_from_an_external_data_file_beside_the_model()
    {
        string path = new OnnxBytes()
            .External("first", [2, 3], Values)
            .Float("inline", [1, 2], [7f, 8f])
            .External("second", [3, 2], [.. Values.Reverse()])
            .Write(Path.Combine(_dir.Path, "model.onnx"));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(["first", "inline", "second"], file.Tensors.Select(t => t.Name));
        Assert.Equal(Values, SafetensorsReaderTests.ReadAll(file.FindTensor("first")!.AsMatrix()));
        Assert.Equal([.. Values.Reverse()], SafetensorsReaderTests.ReadAll(file.FindTensor("second")!.AsMatrix()));
        Assert.Equal([7f, 8f], SafetensorsReaderTests.ReadAll(file.FindTensor("inline")!.AsMatrix()));
        using var copy = new MemoryStream();
        file.FindTensor("second")!.CopyRawTo(copy, CancellationToken.None);
        Assert.Equal(24, copy.Length);
    }

    [Fact]
    public void Passes_integer_initializers_through_and_leaves_out_types_without_an_equivalent()
    {
        var model = new OnnxBytes()
            .Raw("ids", TensorProto.Types.DataType.Int64, [2], [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0])
            .Raw("empty", TensorProto.Types.DataType.Float, [0, 4], [])
            .Metadata("author", "tests");
        var strings = new TensorProto { Name = "labels", DataType = (int)TensorProto.Types.DataType.String };
        strings.Dims.Add(1);
        strings.StringData.Add(Google.Protobuf.ByteString.CopyFromUtf8("x"));
        model.Model.Graph.Initializer.Add(strings);
        string path = model.Write(Path.Combine(_dir.Path, "model.onnx"));

        using ModelFile file = ModelFileReader.Open(path);

        Assert.Equal(["ids", "empty"], file.Tensors.Select(t => t.Name));
        Assert.Equal(TensorDType.I64, file.FindTensor("ids")!.DType);
        Assert.False(file.FindTensor("ids")!.IsMatrix);
        Assert.Equal(0, file.FindTensor("empty")!.AsMatrix().Rows);
        Assert.Equal("tests", file.Metadata["author"]);
    }
}
