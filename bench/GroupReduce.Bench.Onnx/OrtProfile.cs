using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace GroupReduce.Bench.Onnx;

/// <summary>
/// The <c>--profile</c> report: where one ORT run of a model spends its time, node by node and per operator, from ORT's
/// own profiler (the JSON trace of <c>SessionOptions.EnableProfiling</c>), with the shapes of the compressed factors.
/// </summary>
internal static class OrtProfile
{
    /// <summary>Prints the factors' shapes of a compressed model (every initializer over 2-D, sorted by name).</summary>
    /// <param name="path">The .gr.onnx file.</param>
    public static void PrintFactors(string path)
    {
        ModelProto model;
        using (FileStream stream = File.OpenRead(path))
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }

        Console.WriteLine($"{Path.GetFileName(path)}: {model.Graph.Node.Count} nodes; two-dimensional initializers:");
        foreach (TensorProto tensor in model.Graph.Initializer.Where(t => t.Dims.Count == 2).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {tensor.Name,-44} [{string.Join(", ", tensor.Dims)}]");
        }
    }

    /// <summary>Runs <paramref name="path"/> <paramref name="runs"/> times at one batch size and prints the time per node.</summary>
    /// <param name="path">The model.</param>
    /// <param name="threads">Intra-op threads.</param>
    /// <param name="hidden">Hidden states.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="columns">Hidden width.</param>
    /// <param name="rows">Vocabulary size.</param>
    /// <param name="runs">Runs counted. ORT profiles from the session's start, so one more run is made first and left out
    /// of the figures (it allocates ORT's buffers).</param>
    /// <param name="folder">Where ORT writes its trace.</param>
    public static void Print(string path, int threads, float[] hidden, int batch, int columns, int rows, int runs, string folder)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableProfiling = true,
            ProfileOutputPathPrefix = Path.Combine(folder, $"ort-profile-{Path.GetFileNameWithoutExtension(path)}-b{batch}-t{threads}"),
        };
        string trace;
        using (var model = new OrtLogits(path, options, columns, rows))
        using (OrtLogits.Prepared run = model.Prepare(hidden, batch))
        {
            for (int i = 0; i <= runs; i++)
            {
                run.Run();
            }

            trace = model.EndProfiling();
        }

        // Kernel events, one per node per run: name "<node>_kernel_time", args.op_name. The first run's are dropped.
        var perNode = new Dictionary<string, (string Op, List<double> Durations)>(StringComparer.Ordinal);
        var runTimes = new List<double>();
        using (JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(trace)))
        {
            foreach (JsonElement e in document.RootElement.EnumerateArray())
            {
                string name = e.GetProperty("name").GetString()!;
                double duration = e.GetProperty("dur").GetDouble();
                if (name == "model_run")
                {
                    runTimes.Add(duration);
                }
                else if (e.GetProperty("cat").GetString() == "Node" && name.EndsWith("_kernel_time", StringComparison.Ordinal))
                {
                    string node = name[..^"_kernel_time".Length];
                    string op = e.GetProperty("args").GetProperty("op_name").GetString()!;
                    if (!perNode.TryGetValue(node, out var entry))
                    {
                        perNode[node] = entry = (op, []);
                    }

                    entry.Durations.Add(duration);
                }
            }
        }

        double runMedian = Median(runTimes.Skip(1));
        Console.WriteLine($"{Path.GetFileName(path)}, batch {batch}, {threads} thread(s): model_run median {runMedian:0} µs over {runTimes.Count - 1} runs (ORT's profiler, which adds its own overhead)");
        var nodes = perNode.Select(p => (Node: p.Key, p.Value.Op, Micros: Median(p.Value.Durations.Skip(1)))).OrderByDescending(n => n.Micros).ToList();
        foreach (var group in nodes.GroupBy(n => n.Op).OrderByDescending(g => g.Sum(n => n.Micros)))
        {
            Console.WriteLine($"  {group.Key,-12} {group.Count(),3} nodes {group.Sum(n => n.Micros),10:0} µs");
        }

        foreach (var node in nodes.Take(14))
        {
            Console.WriteLine($"    {node.Micros,9:0} µs  {node.Op,-10} {node.Node}");
        }

        File.Delete(trace);
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
