using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using GroupReduce.Bench.Runtime;
using GroupReduce.Core.Execution;
using GroupReduce.Core.Models;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Spec;
using GroupReduce.Runtime;

// Usage: dotnet run -c Release --project bench/GroupReduce.Bench.Runtime -- [--rows 100000] [--columns 512] [--data bench/data] [--repeats 3]
// Compresses the committed Brown model and a synthetic softmax, then times LanguageModelHead.Logits against a dense
// SIMD mat-vec (TensorPrimitives.Dot per row, plus the bias) over the original float32 matrix, single-threaded; "exact" is
// the same head with QuantizedProducts.ExactDecoding (int parts decoded to float, as before integer logits).
int rows = Option("--rows", 100_000);
int columns = Option("--columns", 512);
int repeats = Option("--repeats", 3);
string data = Path.GetFullPath(OptionText("--data", Path.Combine("bench", "data")));
string repository = RepositoryRoot();
Directory.CreateDirectory(data);
Console.WriteLine($"{Environment.ProcessorCount} processors, Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, Vector256 {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}; one thread timed");
Console.WriteLine($"ISA: AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, AVX-512BW {System.Runtime.Intrinsics.X86.Avx512BW.IsSupported}, AVX-VNNI {System.Runtime.Intrinsics.X86.AvxVnni.IsSupported}, AVX10.1 {System.Runtime.Intrinsics.X86.Avx10v1.IsSupported}");
Console.WriteLine($"{"model",-34} {"matrix",-14} {"rate",6} {"dense µs",10} {"Logits µs",10} {"speed-up",9} {"target",7} {"exact µs",10} {"exact x",8}");

string brown = Path.Combine(repository, "samples", "brown-lm", "lm.safetensors");
foreach (string quantizer in (string[])["float", "int8", "int4"])
{
    Run($"brown-lm softmax, {quantizer}", brown, "counts", Path.Combine(repository, "samples", "brown-lm", "counts.tsv"), quantizer);
}

string synthetic = Path.Combine(data, $"softmax-{rows}x{columns}.safetensors");
if (!File.Exists(synthetic))
{
    SyntheticSoftmax.Write(synthetic, rows, columns);
}

foreach (string quantizer in (string[])["float", "int8", "int4"])
{
    Run($"synthetic softmax, {quantizer}", synthetic, "zipf", null, quantizer);
}

return 0;

void Run(string label, string model, string frequencies, string? counts, string quantizer)
{
    string spec = Path.Combine(data, "runtime-bench.groupreduce.yaml");
    File.WriteAllText(spec, string.Create(CultureInfo.InvariantCulture, $"""
        version: 1
        matrices: [softmax.weight]
        frequencies:
          source: {frequencies}{(counts is null ? string.Empty : $"\n  path: {counts}")}
        budget:
          rate: 6.6x
        groups: 10
        partition: independent
        refinement:
          iterations: 1
        quantizer: {quantizer}
        output:
          report: false
        """));
    string artifactPath = Path.Combine(data, $"runtime-bench-{Path.GetFileNameWithoutExtension(model)}-{quantizer}.gr.safetensors");
    CompressionEngine.Run(new CompressionRequest { Spec = SpecLoader.Load(spec), ModelPath = model, OutputPath = artifactPath, MaxDegreeOfParallelism = Environment.ProcessorCount }, NullRunObserver.Instance, CancellationToken.None);

    using CompressedModel artifact = CompressedModel.Open(artifactPath);
    LanguageModelHead head = artifact.Head(softmax: "softmax.weight", bias: "softmax.bias");
    int v = head.VocabularySize;
    int h = head.HiddenWidth;
    float[] dense = new float[(long)v * h];
    using (ModelFile original = ModelFileReader.Open(model))
    {
        original.Tensors.Single(t => t.Name == "softmax.weight").AsMatrix().CopyRows(0, v, dense);
    }

    float[] bias = artifact.ReadTensor("softmax.bias");
    float[] hidden = Enumerable.Range(0, h).Select(j => MathF.Tanh(MathF.Sin(j * 0.7f))).ToArray();
    var logits = new float[v];
    var reference = new float[v];
    // The same head with every row decoded to float (the pre-integer path), timed in the same run.
    LanguageModelHead exactHead = artifact.Head(softmax: "softmax.weight", bias: "softmax.bias", products: QuantizedProducts.ExactDecoding);
    double denseMicroseconds = double.MaxValue, compressedMicroseconds = double.MaxValue, exactMicroseconds = double.MaxValue;

    // Rounds of all three, interleaved, keeping each one's best: on a shared machine noise only ever adds time, and
    // interleaving gives each the same chances.
    for (int round = 0; round < repeats; round++)
    {
        denseMicroseconds = Math.Min(denseMicroseconds, Time(() =>
        {
            for (int i = 0; i < v; i++)
            {
                reference[i] = TensorPrimitives.Dot(dense.AsSpan(i * h, h), hidden) + bias[i];
            }
        }));
        compressedMicroseconds = Math.Min(compressedMicroseconds, Time(() => head.Logits(hidden, logits)));
        exactMicroseconds = Math.Min(exactMicroseconds, Time(() => exactHead.Logits(hidden, logits)));
    }

    double speedUp = denseMicroseconds / compressedMicroseconds;

    // Float factors should pass on most of the rate; int8 and int4 carry 4x and 8x the rank at the same bytes, so their
    // targets are the ones issue 15 set: 2.5x and 2x the dense product.
    double target = quantizer switch { "int8" => 2.5, "int4" => 2.0, _ => 0.7 * artifact.CompressionRate };
    double rate = artifact.CompressionRate;
    Console.WriteLine($"{label,-34} {$"{v}x{h}",-14} {rate,5:0.0}x {denseMicroseconds,10:0.0} {compressedMicroseconds,10:0.0} {speedUp,8:0.0}x {(speedUp >= target ? "met" : "MISSED"),7} {exactMicroseconds,10:0.0} {denseMicroseconds / exactMicroseconds,7:0.0}x");
}

// The best of several batches, each long enough to dwarf the timer: the machine's noise only ever adds time.
static double Time(Action action)
{
    // Half a second of warm-up lets tiered compilation and on-stack replacement reach the optimised code first.
    var clock = Stopwatch.StartNew();
    while (clock.ElapsedTicks < Stopwatch.Frequency / 2)
    {
        action();
    }

    long ticks = Stopwatch.Frequency / 20;
    int repeats = 1;
    clock.Restart();
    while (clock.ElapsedTicks < ticks)
    {
        action();
        repeats++;
    }

    double best = double.MaxValue;
    for (int batch = 0; batch < 7; batch++)
    {
        clock.Restart();
        for (int r = 0; r < repeats; r++)
        {
            action();
        }

        best = Math.Min(best, clock.Elapsed.TotalMicroseconds / repeats);
    }

    return best;
}

int Option(string name, int fallback) => int.Parse(OptionText(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string OptionText(string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

static string RepositoryRoot()
{
    for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "GroupReduce.sln")))
        {
            return folder.FullName;
        }
    }

    throw new InvalidOperationException("GroupReduce.sln is not above the benchmark's folder.");
}
