using GroupReduce.Core.Reporting;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;

namespace GroupReduce.OnnxExport.Tests;

/// <summary>
/// The committed lm.onnx compressed once per test class with the sample's spec (its <c>matrices</c> left out, so the
/// graph names them): as <c>lm.gr.onnx</c> for ONNX Runtime and, with the same spec, as <c>lm.gr.safetensors</c> for
/// GroupReduce.Runtime and <c>eval</c>. The run is deterministic, so both hold the same factors.
/// </summary>
public sealed class CompressedBrownOnnx : IDisposable
{
    /// <summary>The sample's spec without its <c>matrices</c> list.</summary>
    public static readonly string Spec = BrownOnnxSpec.Text(iterations: 3);

    private readonly TempFolder _folder = new();

    public CompressedBrownOnnx()
    {
        File.Copy(BrownOnnx.OnnxPath, _folder.File("lm.onnx"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "brown-lm", "counts.tsv"), _folder.File("counts.tsv"));
        OnnxReport = Runs.Compress(_folder, Spec, model: "lm.onnx", output: "lm.gr.onnx");
        ArtifactReport = Runs.Compress(_folder, Spec, model: "lm.onnx", output: "lm.gr.safetensors");
    }

    public string OnnxPath => _folder.File("lm.gr.onnx");

    public string ArtifactPath => _folder.File("lm.gr.safetensors");

    public CompressionReport OnnxReport { get; }

    public CompressionReport ArtifactReport { get; }

    /// <summary>A copy of the compressed model that also outputs the values named (ORT returns only graph outputs).</summary>
    public string WithOutputs(string name, params string[] values)
    {
        var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(OnnxPath));
        foreach (string value in values)
        {
            model.Graph.Output.Add(new Onnx.ValueInfoProto
            {
                Name = value,
                Type = new Onnx.TypeProto { TensorType = new Onnx.TypeProto.Types.Tensor { ElemType = (int)Onnx.TensorProto.Types.DataType.Float } },
            });
        }

        string path = _folder.File(name);
        using (FileStream stream = File.Create(path))
        {
            Google.Protobuf.MessageExtensions.WriteTo(model, stream);
        }

        return path;
    }

    public void Dispose() => _folder.Dispose();
}
