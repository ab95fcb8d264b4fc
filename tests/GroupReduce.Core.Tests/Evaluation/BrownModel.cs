using GroupReduce.Core.Execution;
using GroupReduce.Core.Pipeline;
using GroupReduce.Core.Reporting;
using GroupReduce.Core.Spec;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Evaluation;

/// <summary>
/// The committed Brown model (samples/brown-lm) compressed once per method the quality tests compare, at
/// 6.6x: GroupReduce with the default partition, with the other partition, and plain SVD.
/// </summary>
public sealed class BrownModel : IDisposable
{
    /// <summary>Validation sentences scored by the comparisons: enough to separate the methods, a second or two each.</summary>
    public const int Sentences = 250;

    public BrownModel()
    {
        Folder = new TempFolder();
        foreach (string file in Directory.GetFiles(Source))
        {
            File.Copy(file, Folder.File(Path.GetFileName(file)));
        }

        DefaultPartition = Compress("default", string.Empty, string.Empty);
        Shared = Compress("shared", "partition: shared\n", string.Empty);
        Svd = Compress("svd", string.Empty, "method: svd\n");
    }

    /// <summary>The committed sample's folder, copied beside the tests.</summary>
    public static string Source => Path.Combine(AppContext.BaseDirectory, "brown-lm");

    internal TempFolder Folder { get; }

    public string Model => Folder.File("lm.safetensors");

    public (string Path, CompressionReport Report) DefaultPartition { get; }

    public (string Path, CompressionReport Report) Shared { get; }

    public (string Path, CompressionReport Report) Svd { get; }

    public void Dispose() => Folder.Dispose();

    private (string Path, CompressionReport Report) Compress(string name, string partition, string method)
    {
        // The committed spec, with the partition line taken out (so the default applies) or replaced.
        string[] lines = File.ReadAllLines(Path.Combine(Source, "groupreduce.yaml"));
        string spec = string.Join('\n', lines.Where(l => !l.StartsWith("partition:", StringComparison.Ordinal))) + "\n" + partition + method;
        string specPath = Folder.File($"{name}.yaml");
        File.WriteAllText(specPath, spec);
        string output = Folder.File($"{name}.gr.safetensors");
        CompressionReport report = CompressionEngine.Run(
            new CompressionRequest { Spec = SpecLoader.Load(specPath), ModelPath = Model, OutputPath = output, MaxDegreeOfParallelism = 2 },
            NullRunObserver.Instance,
            CancellationToken.None);
        return (output, report);
    }
}
