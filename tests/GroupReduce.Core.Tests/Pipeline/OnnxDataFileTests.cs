using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Core.Tests.Pipeline;

/// <summary>
/// An ONNX output's external data file (<c>NAME.data</c>) is there exactly when the model written refers to it: a run
/// that writes the model inline removes the one an earlier run left, which nothing refers to any more.
/// </summary>
public sealed class OnnxDataFileTests
{
    [Fact]
    public void A_model_written_inline_removes_the_data_file_an_earlier_run_left_beside_it()
    {
        using var folder = new TempFolder();
        ExternalOnnxModel.Write(folder);
        Runs.Compress(folder, Runs.BasicSpec, model: "lm.onnx", output: "lm.gr.onnx");
        Assert.True(File.Exists(folder.File("lm.gr.onnx.data")));

        ExternalOnnxModel.Write(folder, external: false);
        File.Delete(folder.File("lm.onnx.data"));
        Runs.Compress(folder, Runs.BasicSpec, model: "lm.onnx", output: "lm.gr.onnx");

        Assert.True(File.Exists(folder.File("lm.gr.onnx")));
        Assert.False(File.Exists(folder.File("lm.gr.onnx.data")));
        Assert.DoesNotContain(Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(folder.File("lm.gr.onnx"))).Graph.Initializer, t => t.DataLocation == Onnx.TensorProto.Types.DataLocation.External);
    }
}
