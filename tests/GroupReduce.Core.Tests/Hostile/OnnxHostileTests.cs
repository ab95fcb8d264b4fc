using GroupReduce.Core.Models;
using GroupReduce.Core.Tests.Models.Builders;
using GroupReduce.Testing.Models;
using Onnx;

namespace GroupReduce.Core.Tests.Hostile;

/// <summary>Damaged ONNX models and external data: each is a GR2xxx error naming the file, the initializer and the fix.</summary>
public sealed class OnnxHostileTests : IDisposable
{
    private static readonly float[] Values = [1f, 2f, 3f, 4f, 5f, 6f];

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ModelPath => Path.Combine(_dir.Path, "model.onnx");

    [Fact]
    public void A_truncated_model_is_an_invalid_model_error()
    {
        byte[] bytes = new OnnxBytes().Float("w", [2, 3], Values).Build();
        string path = _dir.Write("model.onnx", bytes[..^5]);

        ErrorAssert.Open(path, ModelErrorCodes.OnnxModelInvalid, "re-export");
    }

    [Fact]
    public void Raw_data_of_another_length_than_the_dims_is_refused()
    {
        string path = new OnnxBytes().Float("w", [3, 3], Values).Write(ModelPath);

        ErrorAssert.Open(path, ModelErrorCodes.OnnxTensorLengthMismatch, "'w'", "24 bytes", "36");
    }

    [Fact]
    public void Typed_data_of_another_count_than_the_dims_is_refused()
    {
        string path = new OnnxBytes().FloatTyped("w", [2, 2], Values).Write(ModelPath);

        ErrorAssert.Open(path, ModelErrorCodes.OnnxTensorLengthMismatch, "'w'", "6 values");
    }

    [Fact]
    public void An_external_length_that_disagrees_with_the_dims_is_refused()
    {
        string path = new OnnxBytes().External("w", [2, 3], Values, length: 20).Write(ModelPath);

        ErrorAssert.Open(path, ModelErrorCodes.OnnxTensorLengthMismatch, "'w'", "20 bytes", "24");
    }

    [Fact]
    public void An_external_range_past_the_end_of_the_data_file_is_refused()
    {
        var model = new OnnxBytes().External("w", [2, 3], Values);
        string path = model.Write(ModelPath);
        File.WriteAllBytes(Path.Combine(_dir.Path, "model.onnx.data"), model.ExternalBytes[..20]);

        ErrorAssert.Open(path, ModelErrorCodes.OnnxExternalDataOutOfRange, "'w'", "model.onnx.data", "20 bytes");
    }

    [Fact]
    public void A_missing_data_file_names_the_initializer_and_where_it_was_looked_for()
    {
        string path = new OnnxBytes().External("w", [2, 3], Values).Write(ModelPath);
        File.Delete(Path.Combine(_dir.Path, "model.onnx.data"));

        ErrorAssert.Open(path, ModelErrorCodes.OnnxExternalDataMissing, "'w'", "model.onnx.data", "missing", "beside it");
    }

    [Theory]
    [InlineData("../outside.data")]
    [InlineData("sub/../../outside.data")]
    [InlineData("/etc/passwd")]
    public void A_location_that_leaves_the_model_folder_is_refused(string location)
    {
        string path = new OnnxBytes().External("w", [2, 3], Values, location).Write(Path.Combine(_dir.Path, "sub-model.onnx"), "unused.data");

        ErrorAssert.Open(path, ModelErrorCodes.OnnxExternalDataInvalid, "'w'", "leaves the model's folder");
    }

    [Theory]
    [InlineData("offset", "-4")]
    [InlineData("offset", "12abc")]
    [InlineData("length", "99999999999999999999")]
    public void An_offset_or_length_that_is_not_a_count_is_refused(string key, string value)
    {
        var model = new OnnxBytes().External("w", [2, 3], Values);
        model.Model.Graph.Initializer[0].ExternalData.Single(e => e.Key == key).Value = value;
        string path = model.Write(ModelPath);

        ErrorAssert.Open(path, ModelErrorCodes.OnnxExternalDataInvalid, "'w'", key);
    }

    [Fact]
    public void External_data_without_a_location_is_refused()
    {
        var model = new OnnxBytes().External("w", [2, 3], Values);
        model.Model.Graph.Initializer[0].ExternalData.Remove(model.Model.Graph.Initializer[0].ExternalData.Single(e => e.Key == "location"));
        string path = model.Write(ModelPath);

        ErrorAssert.Open(path, ModelErrorCodes.OnnxExternalDataInvalid, "'w'", "location");
    }

    [Fact]
    public void A_negative_dimension_is_an_invalid_shape()
    {
        string path = new OnnxBytes().Raw("w", TensorProto.Types.DataType.Float, [-1, 2], []).Write(ModelPath);

        ErrorAssert.Open(path, ModelErrorCodes.InvalidShape, "'w'");
    }

    [Fact]
    public void Every_prefix_and_two_thousand_byte_mutations_of_a_model_are_read_or_refused_with_a_typed_error()
    {
        var model = new OnnxBytes()
            .Float("embedding.weight", [2, 3], Values)
            .HalfTyped("h", [3, 2], Values)
            .External("decoder.weight", [2, 3], Values)
            .Input("ids").Output("logits")
            .Node("Gather", ["embedding.weight", "ids"], ["hidden"])
            .Node("Gemm", ["hidden", "decoder.weight"], ["logits"], ("transB", 1))
            .Metadata("k", "v");
        byte[] valid = model.Build();
        File.WriteAllBytes(Path.Combine(_dir.Path, "model.onnx.data"), model.ExternalBytes);

        for (int length = 0; length < valid.Length; length++)
        {
            HostileModel.AssertTypedOrUsable(_dir.Write("model.onnx", valid[..length]), $"prefix of {length} bytes");
        }

        // Always the same mutations: overwrite, insert or delete a byte, or set one to a boundary value.
        var random = new Random(12);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = valid.ToList();
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                case 2: bytes.RemoveAt(at); break;
                default: bytes[at] = random.Next(3) switch { 0 => (byte)0, 1 => (byte)0x7F, _ => (byte)0xFF }; break;
            }

            HostileModel.AssertTypedOrUsable(_dir.Write("model.onnx", [.. bytes]), $"mutation {i}");
        }
    }

    [Fact]
    public void Two_initializers_of_one_name_are_refused()
    {
        string path = new OnnxBytes().Float("w", [2, 3], Values).Float("w", [2, 3], Values).Write(ModelPath);

        ErrorAssert.Open(path, ModelErrorCodes.DuplicateName, "'w'");
    }
}
