using GroupReduce.Core.Models;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>The real engine compresses an ONNX model's initializers, inline or external, into the safetensors artifact.</summary>
public sealed class OnnxInputTests
{
    [Fact]
    public void An_onnx_model_compresses_to_the_same_artifact_matrices_as_its_safetensors_twin()
    {
        using var folder = new TempFolder();
        SyntheticModel model = SyntheticModel.Create(rows: 120, columns: 8);
        model.Write(folder);
        new OnnxBytes()
            .Float("encoder.weight", [model.Rows, model.Columns], model.Embedding)
            .External("decoder.weight", [model.Rows, model.Columns], model.Softmax)
            .FloatTyped("decoder.bias", [model.Rows], model.Bias)
            .Write(folder.File("lm.onnx"));

        Runs.Compress(folder, Runs.BasicSpec, model: "lm.safetensors", output: "twin.gr.safetensors");
        Runs.Compress(folder, Runs.BasicSpec, model: "lm.onnx", output: "out.gr.safetensors");

        Dictionary<string, float[]> twin = ArtifactDecoder.Decode(folder.File("twin.gr.safetensors"));
        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));
        Assert.Equal(twin.Keys.Order(), decoded.Keys.Order());
        foreach ((string name, float[] values) in twin)
        {
            Assert.Equal(values, decoded[name]);
        }

        using ModelFile artifact = ModelFileReader.Open(folder.File("out.gr.safetensors"));
        Assert.Equal(ModelFormat.Safetensors, artifact.Format);
        Assert.NotNull(artifact.FindTensor("decoder.bias"));
    }

    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void Each_float_type_of_an_onnx_input_compresses_like_the_same_bytes_in_safetensors(string type)
    {
        using var folder = new TempFolder();
        // 32 columns leave a 4x budget of half-width matrices room for rank 1 in each of the 6 groups.
        SyntheticModel model = SyntheticModel.Create(rows: 120, columns: 32);
        model.Write(folder);
        long[] dims = [model.Rows, model.Columns];
        var onnx = new OnnxBytes();
        _ = type switch
        {
            "F16" => onnx.Half("encoder.weight", dims, model.Embedding).Half("decoder.weight", dims, model.Softmax),
            "BF16" => onnx.BFloat16("encoder.weight", dims, model.Embedding).BFloat16("decoder.weight", dims, model.Softmax),
            _ => onnx.External("encoder.weight", dims, model.Embedding).External("decoder.weight", dims, model.Softmax),
        };
        onnx.Write(folder.File("model.onnx"));

        // The twin holds the initializers' very bytes, so both runs see the same values and the same stored size.
        var entries = onnx.Model.Graph.Initializer.Select(t =>
        {
            byte[] bytes = t.RawData.IsEmpty ? onnx.ExternalBytes.AsSpan(t.Name == "encoder.weight" ? 0 : model.Embedding.Length * 4, model.Embedding.Length * 4).ToArray() : t.RawData.ToByteArray();
            return new SafetensorsEntry(t.Name, type, dims, bytes.Length, stream => stream.Write(bytes));
        }).ToList();
        using (FileStream stream = File.Create(folder.File("twin.safetensors")))
        {
            SafetensorsWriter.Write(stream, new Dictionary<string, string>(), entries, CancellationToken.None);
        }

        Runs.Compress(folder, Runs.BasicSpec, model: "twin.safetensors", output: "twin.gr.safetensors");
        Runs.Compress(folder, Runs.BasicSpec, model: "model.onnx");

        Dictionary<string, float[]> twin = ArtifactDecoder.Decode(folder.File("twin.gr.safetensors"));
        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));
        Assert.Equal(twin["encoder.weight"], decoded["encoder.weight"]);
        Assert.Equal(twin["decoder.weight"], decoded["decoder.weight"]);

        // And the result is a compression of these matrices, not of other bytes: far nearer to them than to zero.
        Assert.InRange(RelativeError(model.Embedding, decoded["encoder.weight"]), 0, 0.8);
        Assert.InRange(RelativeError(model.Softmax, decoded["decoder.weight"]), 0, 0.8);
    }

    private static double RelativeError(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            difference += (expected[i] - actual[i]) * (double)(expected[i] - actual[i]);
            norm += expected[i] * (double)expected[i];
        }

        return Math.Sqrt(difference / norm);
    }
}
