using GroupReduce.Runtime;
using NextWord;

// Usage: dotnet run --project samples/NextWord -- "the president of the"
// The compressed model comes from the build (lm.gr.safetensors in the output folder); see NextWord.csproj.
string path = Path.Combine(AppContext.BaseDirectory, "lm.gr.safetensors");
if (!File.Exists(path))
{
    Console.Error.WriteLine($"NextWord: the compressed model '{path}' is missing. It is made by the build: run 'dotnet build samples/NextWord' (which compresses ../brown-lm/lm.safetensors with groupreduce.yaml) and try again.");
    return 1;
}

string text = args.Length > 0 ? string.Join(' ', args) : "the president of the";
using CompressedModel model = CompressedModel.Open(path);
NextWordPredictor predictor = NextWordPredictor.Open(model);

Console.WriteLine($"after \"{text}\":");
int rank = 1;
foreach (WordPrediction prediction in predictor.Predict(text, 10))
{
    Console.WriteLine($"{rank++,3}. {prediction.Word,-16} {prediction.Probability,8:P2}");
}

// The artifact replaces the two vocabulary matrices; everything else (hidden layer, biases, tokens) is passed through.
long originalFile = model.FileBytes - model.CompressedBytes + model.OriginalBytes;
Console.WriteLine();
Console.WriteLine($"vocabulary matrices: {Size(model.OriginalBytes)} -> {Size(model.CompressedBytes)} ({model.CompressionRate:0.0}x, method {model.Method})");
Console.WriteLine($"model shipped: {Size(model.FileBytes)} instead of about {Size(originalFile)}");
return 0;

static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / 1048576.0:0.00} MiB" : $"{bytes / 1024.0:0.0} KiB";
