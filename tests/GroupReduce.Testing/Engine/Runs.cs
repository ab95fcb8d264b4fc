using GroupReduce.Core.Execution;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Testing.Models;

namespace GroupReduce.Testing.Engine;

/// <summary>Runs the real engine (with the real plugins from the test's plugins/ folder) on a spec text.</summary>
public static class Runs
{
    /// <summary>The folder with the misbehaving test plugins.</summary>
    public static string TestPlugins => Path.Combine(AppContext.BaseDirectory, "testplugins");

    /// <summary>A complete spec for <see cref="SyntheticModel"/>, ending with a newline so tests can append keys.</summary>
    public const string BasicSpec = BasicSpecLines + "\n";

    private const string BasicSpecLines = """
        version: 1
        matrices: [encoder.weight, decoder.weight]
        frequencies:
          source: counts
          path: counts.tsv
          vocabulary: vocab.txt
        budget:
          rate: 4x
        groups: 6
        """;

    public static CompressionReport Compress(TempFolder folder, string specText, string model = "lm.safetensors", string output = "out.gr.safetensors", bool dryRun = false, IRunObserver? observer = null, CancellationToken cancellationToken = default, int maxDegreeOfParallelism = 2)
    {
        string specPath = folder.File("groupreduce.yaml");
        File.WriteAllText(specPath, specText);
        var request = new CompressionRequest
        {
            Spec = SpecLoader.Load(specPath),
            ModelPath = folder.File(model),
            OutputPath = folder.File(output),
            DryRun = dryRun,
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        };
        return CompressionEngine.Run(request, observer ?? NullRunObserver.Instance, cancellationToken);
    }
}
