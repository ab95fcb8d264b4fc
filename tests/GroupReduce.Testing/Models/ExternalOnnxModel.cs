using GroupReduce.Testing.Engine;

namespace GroupReduce.Testing.Models;

/// <summary>
/// A synthetic ONNX language model (Gather embedding, Transpose + MatMul + Add logits) whose initializers are in
/// <c>lm.onnx.data</c>, or all inline, with the basic spec beside it.
/// </summary>
public static class ExternalOnnxModel
{
    /// <summary>Writes <c>lm.onnx</c> (and <c>lm.onnx.data</c> when <paramref name="external"/>), counts, vocabulary and spec.</summary>
    /// <remarks>
    /// External, the bias stays external in the compressed model too, so the writer writes a data file (600 x 24
    /// matrices: factors over its 1 KiB threshold go there as well).
    /// </remarks>
    public static void Write(TempFolder folder, bool external = true)
    {
        SyntheticModel model = SyntheticModel.Create();
        model.Write(folder);
        var onnx = new OnnxBytes();
        if (external)
        {
            onnx.External("encoder.weight", [model.Rows, model.Columns], model.Embedding, "lm.onnx.data")
                .External("decoder.weight", [model.Rows, model.Columns], model.Softmax, "lm.onnx.data")
                .External("decoder.bias", [model.Rows], model.Bias, "lm.onnx.data");
        }
        else
        {
            onnx.Float("encoder.weight", [model.Rows, model.Columns], model.Embedding)
                .Float("decoder.weight", [model.Rows, model.Columns], model.Softmax)
                .Float("decoder.bias", [model.Rows], model.Bias);
        }

        onnx.Input("ids").Output("logits")
            .Node("Gather", ["encoder.weight", "ids"], ["hidden"])
            .Node("Transpose", ["decoder.weight"], ["decoder.weight.T"])
            .Node("MatMul", ["hidden", "decoder.weight.T"], ["product"])
            .Node("Add", ["product", "decoder.bias"], ["logits"])
            .Write(folder.File("lm.onnx"), "lm.onnx.data");
        File.WriteAllText(folder.File("groupreduce.yaml"), Runs.BasicSpec);
    }
}
