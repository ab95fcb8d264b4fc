using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using NextWordOnnx;

// Usage: dotnet run --project samples/NextWordOnnx -- "the president of the"
// The compressed model comes from the build (lm.gr.onnx in the output folder); see NextWordOnnx.csproj.
string path = Path.Combine(AppContext.BaseDirectory, "lm.gr.onnx");
if (!File.Exists(path))
{
    Console.Error.WriteLine($"NextWordOnnx: the compressed model '{path}' is missing. It is made by the build: run 'dotnet build samples/NextWordOnnx' (which compresses ../brown-lm/lm.onnx with groupreduce.yaml) and try again.");
    return 1;
}

string text = args.Length > 0 ? string.Join(' ', args) : "the president of the";
using NextWordOnnxPredictor predictor = NextWordOnnxPredictor.Open(path);

Console.WriteLine($"after \"{text}\":");
int rank = 1;
foreach (WordPrediction prediction in predictor.Predict(text, 10))
{
    Console.WriteLine($"{rank++,3}. {prediction.Word,-16} {prediction.Probability,8:P2}");
}

// The compressed graph replaces the two vocabulary matrices with standard-operator subgraphs over their factors; the
// manifest in the metadata says by how much. Everything else (hidden layer, biases, metadata) is the export's.
using (var session = new InferenceSession(path))
using (JsonDocument manifest = JsonDocument.Parse(session.ModelMetadata.CustomMetadataMap["groupreduce.manifest"]))
{
    JsonElement root = manifest.RootElement;
    long original = root.GetProperty("original_bytes").GetInt64();
    long compressed = root.GetProperty("compressed_bytes").GetInt64();
    long shipped = new FileInfo(path).Length + (File.Exists(path + ".data") ? new FileInfo(path + ".data").Length : 0);
    Console.WriteLine();
    Console.WriteLine($"vocabulary matrices: {Size(original)} -> {Size(compressed)} ({root.GetProperty("compression_rate").GetDouble():0.0}x, method {root.GetProperty("method").GetString()})");
    Console.WriteLine($"model shipped: {Size(shipped)} instead of about {Size(shipped - compressed + original)} (run by ONNX Runtime {OrtEnv.Instance().GetVersionString()})");
}

return 0;

static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / 1048576.0:0.00} MiB" : $"{bytes / 1024.0:0.0} KiB";
