using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using GroupReduce.Core.Reporting;
using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace GroupReduce.Core.Tests.Artifacts.Onnx;

/// <summary>
/// Compresses an ONNX model twice with one spec — to <c>out.gr.onnx</c> and to <c>out.gr.safetensors</c> — and runs in
/// ONNX Runtime both the compressed graph and a reference: the input graph with each compressed initializer replaced by
/// the matrix <see cref="ArtifactDecoder"/> rebuilds from the safetensors artifact by docs/format.md alone. Equal
/// outputs mean the graph computes exactly the compressed matrices, whatever the operators around them.
/// </summary>
internal static class OnnxOutputCheck
{
    /// <summary>Runs the check and returns the largest relative output difference and the compressed model.</summary>
    public static (double Worst, ModelProto Compressed, CompressionReport Report) Run(TempFolder folder, string spec, IReadOnlyDictionary<string, OrtValue> feeds, string model = "model.onnx")
    {
        CompressionReport report = Runs.Compress(folder, spec, model: model, output: "out.gr.onnx");
        Runs.Compress(folder, spec, model: model, output: "out.gr.safetensors");
        Dictionary<string, float[]> decoded = ArtifactDecoder.Decode(folder.File("out.gr.safetensors"));

        ModelProto reference = ModelProto.Parser.ParseFrom(File.ReadAllBytes(folder.File(model)));
        foreach ((string name, float[] rows) in decoded)
        {
            foreach (string target in TiedNames(folder.File("out.gr.safetensors"), name).Prepend(name))
            {
                TensorProto tensor = reference.Graph.Initializer.Single(t => t.Name == target);

                // A [d, V] weight is compressed as its transpose; the decoder gives [V, d] rows.
                float[] values = rows;
                if (IsTransposed(folder.File("out.gr.safetensors"), name))
                {
                    int d = (int)tensor.Dims[0];
                    int v = (int)tensor.Dims[1];
                    values = new float[rows.Length];
                    for (int i = 0; i < v; i++)
                    {
                        for (int j = 0; j < d; j++)
                        {
                            values[(j * v) + i] = rows[(i * d) + j];
                        }
                    }
                }

                tensor.ExternalData.Clear();
                tensor.DataLocation = TensorProto.Types.DataLocation.Default;
                tensor.RawData = (DataType)tensor.DataType switch
                {
                    DataType.Float16 => ByteString.CopyFrom(MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan())),
                    _ => ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
                };
                tensor.DataType = (DataType)tensor.DataType == DataType.Float16 ? (int)DataType.Float16 : (int)DataType.Float;
            }
        }

        string referencePath = folder.File("reference.onnx");
        File.WriteAllBytes(referencePath, reference.ToByteArray());
        string[] outputs = [.. reference.Graph.Output.Select(o => o.Name)];
        float[][] expected = Evaluate(referencePath, feeds, outputs);
        float[][] actual = Evaluate(folder.File("out.gr.onnx"), feeds, outputs);
        double worst = 0;
        for (int k = 0; k < outputs.Length; k++)
        {
            Assert.Equal(expected[k].Length, actual[k].Length);
            double scale = expected[k].Max(v => Math.Abs(v));
            for (int i = 0; i < expected[k].Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(actual[k][i] - expected[k][i]) / scale);
            }
        }

        return (worst, ModelProto.Parser.ParseFrom(File.ReadAllBytes(folder.File("out.gr.onnx"))), report);
    }

    /// <summary>Runs a model in ONNX Runtime on the CPU and returns the named float outputs.</summary>
    public static float[][] Evaluate(string path, IReadOnlyDictionary<string, OrtValue> feeds, string[] outputs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(path, options);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [.. feeds.Keys], [.. feeds.Values], outputs);
        return [.. results.Select(r => r.GetTensorDataAsSpan<float>().ToArray())];
    }

    /// <summary>Token ids <c>[batch, length]</c>, every row of the vocabulary used at least once when there are enough.</summary>
    public static OrtValue Ids(int vocabulary, int batch, int length)
    {
        long[] ids = [.. Enumerable.Range(0, batch * length).Select(i => (long)((i * 7919L) % vocabulary))];
        return OrtValue.CreateTensorValueFromMemory(ids, [batch, length]);
    }

    /// <summary>Float inputs of a shape, deterministic.</summary>
    public static OrtValue Floats(params long[] shape)
    {
        var random = new Random(11);
        float[] values = [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        return OrtValue.CreateTensorValueFromMemory(values, shape);
    }

    private static bool IsTransposed(string artifact, string matrix)
    {
        using var model = Core.Models.ModelFileReader.Open(artifact);
        using JsonDocument manifest = JsonDocument.Parse(model.Metadata["groupreduce.manifest"]);
        return manifest.RootElement.GetProperty("matrices").EnumerateArray()
            .Any(m => m.GetProperty("tensor").GetString() == matrix && m.TryGetProperty("transposed", out JsonElement t) && t.GetBoolean());
    }

    private static IEnumerable<string> TiedNames(string artifact, string matrix)
    {
        using var model = Core.Models.ModelFileReader.Open(artifact);
        using JsonDocument manifest = JsonDocument.Parse(model.Metadata["groupreduce.manifest"]);
        return [.. manifest.RootElement.GetProperty("matrices").EnumerateArray()
            .Where(m => m.GetProperty("tensor").GetString() == matrix)
            .SelectMany(m => m.GetProperty("tied").EnumerateArray().Select(t => t.GetString()!))];
    }
}
