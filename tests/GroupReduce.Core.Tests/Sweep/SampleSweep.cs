using GroupReduce.Core.Spec;
using GroupReduce.Core.Sweep;
using GroupReduce.Testing;

namespace GroupReduce.Core.Tests.Sweep;

/// <summary>
/// One sweep of the tiny sample shared by the tests that only read its results (a sweep takes seconds):
/// groupreduce, svd, prune and quantize at 2x, 4x, 6.6x and an impossible 10,000-byte budget, float and int8,
/// with the decoded-error probe.
/// </summary>
public sealed class SampleSweep : IDisposable
{
    public SampleSweep()
    {
        Folder = new TempFolder();
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sample")))
        {
            File.Copy(file, Folder.File(Path.GetFileName(file)));
        }

        Probe = new DecodedErrorProbe(Folder.File("lm.safetensors"), "encoder.weight", "decoder.weight");
        Output = Folder.File("sweep");
        Observer = new RecordingSweepObserver();
        Report = SweepRunner.Run(Request(Folder, Output, Probe), Observer, CancellationToken.None);
    }

    internal TempFolder Folder { get; }

    internal DecodedErrorProbe Probe { get; }

    internal RecordingSweepObserver Observer { get; }

    public string Output { get; }

    public SweepReport Report { get; }

    internal static SweepRequest Request(TempFolder folder, string output, ISweepQualityProbe? probe, string rates = "2,4,6.6", string methods = "groupreduce,svd,prune,quantize", string quantizers = "none,int8", bool writePlots = true) => new()
    {
        Spec = SpecLoader.Load(folder.File("groupreduce.yaml")),
        ModelPath = folder.File("lm.safetensors"),
        OutputDirectory = output,
        Budgets = [.. SweepArguments.ParseRates(rates), .. SweepArguments.ParseBytes("10000")],
        Methods = SweepArguments.ParseMethods(methods),
        Quantizers = SweepArguments.ParseQuantizers(quantizers),
        Probe = probe,
        MaxDegreeOfParallelism = 2,
        WritePlots = writePlots,
    };

    public void Dispose() => Folder.Dispose();
}
