using GroupReduce.Core.Execution;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;

namespace Contoso.GroupReduce.Solver.Tests;

/// <summary>Compresses the tiny sample model with the real engine, in a folder of its own.</summary>
internal sealed class Compressions : IDisposable
{
    public Compressions()
    {
        Folder = Path.Combine(Path.GetTempPath(), "contoso-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "tiny-lm")))
        {
            File.Copy(file, Path.Combine(Folder, Path.GetFileName(file)));
        }
    }

    /// <summary>Where the sample plugin's build output was copied: a folder of plugin folders.</summary>
    public static string PluginFolder => Path.Combine(AppContext.BaseDirectory, "contoso");

    public string Folder { get; }

    public string Output => Path.Combine(Folder, "out.gr.safetensors");

    /// <summary>The sample's own spec, without baselines, with the given plugin lines appended.</summary>
    public static string Spec(string plugins) => $"""
        version: 1
        matrices: [encoder.weight, decoder.weight]
        frequencies:
          source: counts
          path: counts.tsv
          vocabulary: vocab.txt
        budget:
          rate: 6.6x
        groups: 10
        partition: shared
        refinement:
          iterations: 3
        quantizer: float
        plugins:
          paths: [{PluginFolder}]

        """ + plugins;

    public CompressionReport Run(string specText, CancellationToken cancellationToken = default)
    {
        string specPath = Path.Combine(Folder, "groupreduce.yaml");
        File.WriteAllText(specPath, specText);
        var request = new CompressionRequest
        {
            Spec = SpecLoader.Load(specPath),
            ModelPath = Path.Combine(Folder, "lm.safetensors"),
            OutputPath = Output,
            MaxDegreeOfParallelism = 2,
        };
        return CompressionEngine.Run(request, NullRunObserver.Instance, cancellationToken);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; a failed cleanup must not hide the test's result.
        }
    }
}
