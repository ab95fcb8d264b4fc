using GroupReduce.Testing;
using GroupReduce.Testing.Engine;
using GroupReduce.Testing.Models;

namespace GroupReduce.Fuzzing;

/// <summary>
/// Small real artifacts, made by the engine with the built-in plugins (which must sit in <c>plugins/</c> beside the
/// host, as in the test projects and the harness), one per storage kind the format has: float and quantized
/// low-rank groups, a pruned (sparse) matrix and a quantized-only one. Made once per process.
/// </summary>
public static class ArtifactSeeds
{
    private static readonly Lazy<IReadOnlyList<FuzzSeed>> Made = new(Make, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The artifacts.</summary>
    public static IReadOnlyList<FuzzSeed> All => Made.Value;

    /// <summary>The model they were made from (a plain safetensors file with three tensors).</summary>
    public static byte[] Model
    {
        get
        {
            _ = Made.Value;
            return _model;
        }
    }

    private static byte[] _model = [];

    /// <summary>The model alone, made without running the engine (for hosts without plugins).</summary>
    /// <returns>The safetensors bytes.</returns>
    public static byte[] ModelBytes()
    {
        using var folder = new TempFolder();
        return File.ReadAllBytes(SyntheticModel.Create(rows: 48, columns: 6).Write(folder));
    }

    private static IReadOnlyList<FuzzSeed> Make()
    {
        using var folder = new TempFolder();
        SyntheticModel.Create(rows: 48, columns: 6).Write(folder);
        _model = File.ReadAllBytes(folder.File("lm.safetensors"));
        var seeds = new List<FuzzSeed>();
        foreach ((string name, string extra) in new[]
        {
            ("groupreduce float", "quantizer: float\n"),
            ("groupreduce int8", "quantizer: int8\n"),
            ("groupreduce int4", "quantizer: int4\n"),
            ("prune", "method: prune\n"),
            ("quantize only", "method: quantize\nquantizer: int8\n"),
        })
        {
            string output = $"{seeds.Count}.gr.safetensors";
            Runs.Compress(folder, Runs.BasicSpec.Replace("rate: 4x", "rate: 3x", StringComparison.Ordinal).Replace("groups: 6", "groups: 3", StringComparison.Ordinal) + extra, output: output);
            seeds.Add(new FuzzSeed(name, File.ReadAllBytes(folder.File(output))));
        }

        return seeds;
    }
}
